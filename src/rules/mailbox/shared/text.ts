/**
 * Attacker-controlled text (rule names, subjects, app names) quoted for explanations: control and
 * invisible characters made visible, length capped. Escaping for HTML stays the renderer's job.
 */
export function quoted(value: string | undefined, max = 80): string {
  if (value === undefined || value === null) return "(none)";
  const visible = value.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  const capped = visible.length > max ? `${visible.slice(0, max)}...` : visible;
  return `"${capped}"`;
}

export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
