/**
 * Where sign-ins come from: cities (with the Graph `location` object, built once and shared by
 * every sign-in from that city) and internet providers (ASN + address blocks). The addresses are
 * plausible public blocks for each provider; the demo never resolves them.
 */
import type { GraphObject } from "../../../snapshot/types.js";

export interface Place {
  city: string;
  state: string;
  country: string;
  latitude: number;
  longitude: number;
  /** Offset of local office hours from UTC in late November (no DST then). */
  utcOffsetHours: number;
  /** signIn.location, shared by reference (never mutate). */
  location: GraphObject;
}

function place(city: string, state: string, country: string, latitude: number, longitude: number, utcOffsetHours: number): Place {
  return {
    city,
    state,
    country,
    latitude,
    longitude,
    utcOffsetHours,
    location: { city, state, countryOrRegion: country, geoCoordinates: { altitude: null, latitude, longitude } },
  };
}

export const PLACES = {
  london: place("London", "England", "GB", 51.5074, -0.1278, 0),
  manchester: place("Manchester", "England", "GB", 53.4808, -2.2426, 0),
  birmingham: place("Birmingham", "England", "GB", 52.4862, -1.8904, 0),
  bristol: place("Bristol", "England", "GB", 51.4545, -2.5879, 0),
  reading: place("Reading", "England", "GB", 51.4543, -0.9781, 0),
  leeds: place("Leeds", "England", "GB", 53.8008, -1.5491, 0),
  cambridge: place("Cambridge", "England", "GB", 52.2053, 0.1218, 0),
  munich: place("Munich", "Bayern", "DE", 48.1351, 11.582, 1),
  augsburg: place("Augsburg", "Bayern", "DE", 48.3705, 10.8978, 1),
  frankfurt: place("Frankfurt am Main", "Hessen", "DE", 50.1109, 8.6821, 1),
  // business-travel destinations
  newYork: place("New York", "New York", "US", 40.7128, -74.006, -5),
  paris: place("Paris", "Ile-de-France", "FR", 48.8566, 2.3522, 1),
  madrid: place("Madrid", "Madrid", "ES", 40.4168, -3.7038, 1),
  dublin: place("Dublin", "Dublin", "IE", 53.3498, -6.2603, 0),
  milan: place("Milan", "Lombardia", "IT", 45.4642, 9.19, 1),
  // attacker infrastructure
  amsterdam: place("Amsterdam", "Noord-Holland", "NL", 52.3676, 4.9041, 1),
  moscow: place("Moscow", "Moscow", "RU", 55.7558, 37.6173, 3),
  lagos: place("Lagos", "Lagos", "NG", 6.5244, 3.3792, 1),
  hoChiMinh: place("Ho Chi Minh City", "Ho Chi Minh", "VN", 10.8231, 106.6297, 7),
  saoPaulo: place("Sao Paulo", "Sao Paulo", "BR", -23.5505, -46.6333, -3),
  bucharest: place("Bucharest", "Bucuresti", "RO", 44.4268, 26.1025, 2),
  ashburn: place("Ashburn", "Virginia", "US", 39.0438, -77.4874, -5),
  newark: place("Newark", "New Jersey", "US", 40.7357, -74.1724, -5),
  stPetersburg: place("Saint Petersburg", "Saint Petersburg", "RU", 59.9311, 30.3609, 3),
} as const;

export interface Isp {
  name: string;
  asn: number;
  /** First two octets of blocks the provider hands out. */
  prefixes: readonly string[];
}

export const ISPS = {
  bt: { name: "British Telecommunications PLC", asn: 2856, prefixes: ["86.150", "81.151", "109.148", "86.128"] },
  virgin: { name: "Virgin Media Limited", asn: 5089, prefixes: ["82.10", "86.2", "81.98", "92.236"] },
  sky: { name: "Sky UK Limited", asn: 5607, prefixes: ["90.196", "2.97", "5.64", "90.222"] },
  talktalk: { name: "TalkTalk Communications Limited", asn: 13285, prefixes: ["92.17", "89.240", "78.147"] },
  ee: { name: "EE Limited", asn: 12576, prefixes: ["31.94", "31.125", "85.255"] },
  vodafoneUk: { name: "Vodafone Limited", asn: 25135, prefixes: ["92.40", "148.252"] },
  telekom: { name: "Deutsche Telekom AG", asn: 3320, prefixes: ["79.194", "93.199", "217.230", "87.160"] },
  vodafoneDe: { name: "Vodafone GmbH", asn: 3209, prefixes: ["88.65", "188.96", "95.90"] },
  mnet: { name: "M-net Telekommunikations GmbH", asn: 8767, prefixes: ["188.174", "91.115"] },
  telefonicaDe: { name: "Telefonica Germany GmbH", asn: 6805, prefixes: ["176.0", "95.112"] },
  colt: { name: "Colt Technology Services Group Limited", asn: 8220, prefixes: ["212.36"] },
  // travel
  charter: { name: "Charter Communications Inc", asn: 20115, prefixes: ["24.90", "71.105"] },
  orange: { name: "Orange S.A.", asn: 3215, prefixes: ["90.84", "86.245"] },
  telefonicaEs: { name: "Telefonica de Espana S.A.U.", asn: 3352, prefixes: ["83.44", "88.27"] },
  eir: { name: "Eircom Limited", asn: 5466, prefixes: ["86.40", "159.134"] },
  tim: { name: "Telecom Italia S.p.A.", asn: 3269, prefixes: ["79.40", "93.63"] },
} as const satisfies Record<string, Isp>;
