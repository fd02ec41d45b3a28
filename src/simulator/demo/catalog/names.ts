/** Given names and surnames for the demo directory, per country. */
export const GIVEN_NAMES: Record<"GB" | "DE", readonly string[]> = {
  GB: [
    "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Emily", "Charlie", "Sophie",
    "Thomas", "Grace", "James", "Mia", "William", "Poppy", "Henry", "Ella", "Alfie", "Lily",
    "Joshua", "Evie", "Daniel", "Chloe", "Samuel", "Freya", "Joseph", "Ruby", "Benjamin", "Daisy",
    "Lucas", "Alice", "Ethan", "Florence", "Adam", "Hannah", "Ryan", "Jessica", "Liam", "Charlotte",
    "Noah", "Olivia", "Matthew", "Lucy", "David", "Sarah", "Michael", "Laura", "Priya", "Aisha",
    "Mohammed", "Fatima", "Arjun", "Zara", "Connor", "Niamh", "Rhys", "Megan", "Callum", "Eilidh",
  ],
  DE: [
    "Lukas", "Anna", "Felix", "Lea", "Maximilian", "Laura", "Jonas", "Sophie", "Leon", "Marie",
    "Paul", "Julia", "Tobias", "Katharina", "Florian", "Lena", "Sebastian", "Johanna", "Jürgen", "Sabine",
    "Matthias", "Stefanie", "Andreas", "Claudia", "Markus", "Nicole", "Stefan", "Franziska", "Thomas", "Jana",
  ],
};

export const SURNAMES: Record<"GB" | "DE", readonly string[]> = {
  GB: [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
    "Patel", "Khan", "Lewis", "James", "Phillips", "Mason", "Mitchell", "Rose", "Davis", "Rodriguez",
    "Cox", "Alexander", "Morgan", "Moore", "Marshall", "Harrison", "Hughes", "Edwards", "Hill", "Cooper",
    "Ward", "Turner", "Morris", "Baker", "Harris", "King", "Lee", "Martin", "Allen", "Scott",
    "Young", "Price", "Bennett", "Gray", "Murphy", "Kelly", "Shaw", "Holmes", "Ellis", "Carter",
    "Fletcher", "Begum", "Ahmed", "Singh", "Campbell", "Stewart", "Reid", "Murray", "Graham", "Fraser",
    "Chapman", "Dixon", "Knight", "Hunt", "Palmer", "Mills", "Barnes", "Webb", "Owen", "Lloyd",
  ],
  DE: [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
    "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier",
    "Lehmann", "Huber", "Mayer", "Herrmann", "Köhler", "Walter", "König", "Maier", "Fuchs", "Kaiser",
  ],
};

const TRANSLITERATION: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss" };

/** "Jürgen" -> "juergen": the mail-address form of a name. */
export function mailSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => TRANSLITERATION[c])
    .replace(/[^a-z0-9]/g, "");
}
