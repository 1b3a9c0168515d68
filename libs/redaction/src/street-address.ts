import type { Detector } from './types.js';

// Best effort, three shapes. Every pattern is anchored at a token start by a lookbehind and made of bounded
// repetitions of disjoint classes, so an attempt reads a bounded number of characters.
const UP = 'A-ZÀ-ÖØ-ÞÄÖÜ';
const LOW = 'a-zß-öø-ÿäöü';
const CAP = `[${UP}][${LOW}'’.-]*`;

// EN: "221B Baker Street", "1600 Pennsylvania Avenue NW, Suite 200".
const EN = new RegExp(
  `(?<![\\w.-])\\d{1,5}[A-Za-z]?(?:[ ]${CAP}){1,4}[ ](?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Parkway|Pkwy|Highway|Hwy|Square|Sq|Circle|Cir|Crescent|Close|Row)\\b\\.?(?:[ ](?:NE|NW|SE|SW|N|S|E|W)\\b)?(?:,?[ ](?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl)\\.?[ ]#?[A-Za-z0-9-]{1,6})?`,
  'g',
);
// DE: "Hauptstraße 5", "Berliner Str. 12a", "Am Alten Markt 3" is out of reach without a street list.
const DE = new RegExp(
  `(?<![\\p{L}\\d])(?:${CAP}[ -])?(?:[${UP}][${LOW}]*(?:straße|strasse|str\\.|weg|gasse|allee|platz|ring|damm|ufer|chaussee)|Straße|Strasse|Str\\.|Weg|Gasse|Allee|Platz|Ring|Damm)[ ]\\d{1,4}(?:[ ]?[a-zA-Z](?![\\p{L}]))?(?:,[ ]\\d{5}[ ]${CAP})?(?![\\p{L}\\d])`,
  'gu',
);
// FR: "12 rue de la Paix", "5bis avenue Victor Hugo", "3, boulevard Haussmann".
const FR = new RegExp(
  `(?<![\\p{L}\\d])\\d{1,4}(?:[ ]?(?:bis|ter))?,?[ ](?:rue|avenue|av\\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|square)[ ](?:(?:de la|de l'|de l’|du|des|de|d'|d’)[ ]?)?${CAP}(?:[ ]${CAP}){0,3}(?:,[ ]\\d{5}[ ]${CAP})?`,
  'giu',
);

export const streetAddressDetector: Detector = {
  type: 'STREET_ADDRESS',
  *find(text, context) {
    if (!context.hasDigit) return;
    for (const pattern of [EN, DE, FR]) {
      const re = new RegExp(pattern);
      for (let m = re.exec(text); m !== null; m = re.exec(text)) yield [m.index, m.index + m[0].length];
    }
  },
};
