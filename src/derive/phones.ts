/**
 * A phone number reduced to "+<digits>" (or bare digits when no country prefix was given) so the
 * same number typed differently ("+1 425-555-0100", "+1 4255550100") compares equal. Extensions
 * are dropped; anything with fewer than 7 digits is not a usable number (undefined).
 */
export function normalisePhone(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const withoutExtension = raw.split(/\s*(?:x|ext\.?|extension|#)\s*\d*$/i)[0].trim();
  let digits = withoutExtension.replace(/\D/g, "");
  let international = withoutExtension.startsWith("+");
  if (!international && digits.startsWith("00")) {
    digits = digits.slice(2);
    international = true;
  }
  if (digits.length < 7) return undefined;
  return international ? `+${digits}` : digits;
}
