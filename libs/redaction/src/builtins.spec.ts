import { describe, expect, it } from 'vitest';
import { detect } from './engine.js';
import type { EntityType } from './types.js';

/** The values of one type that `detect` finds in `text`. */
const found = (type: EntityType, text: string, defaultRegion?: string): string[] =>
  detect(text, { types: [type], defaultRegion }).map((f) => text.slice(f.start, f.end));

/** Every finding of any type, as `TYPE:value`. */
const all = (text: string): string[] => detect(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('PHONE', () => {
  it.each([
    ['Call me at +1 415 555 2671 today', '+1 415 555 2671', undefined],
    ['or (415) 555-2671.', '(415) 555-2671', undefined],
    ['US style 415.555.2671', '415.555.2671', undefined],
    ['mobile 4155552671', '4155552671', undefined],
    ['Ruf an: +49 30 901820', '+49 30 901820', undefined],
    ['UK office 0044 20 7946 0958', '0044 20 7946 0958', undefined],
    ['Tel: 030 1234567', '030 1234567', 'DE'],
    ['portable 06 12 34 56 78', '06 12 34 56 78', 'FR'],
    ['+91 98765 43210 is my number', '+91 98765 43210', undefined],
    ['tel:+14155552671', '+14155552671', undefined],
    ['call 415 555 2671 2 times', '415 555 2671', undefined],
  ])('finds the number in %j', (text, value, region) => {
    expect(found('PHONE', text, region)).toEqual([value]);
  });

  it.each([
    'Order #12345678 shipped',
    'order number 415-555-2671',
    'invoice 4155552671',
    'at 2024-06-01 12:30:45 UTC',
    'on 2024-06-01 10:00',
    'version 1.2.3.4 and v10.2.0 build 20240601',
    'ISBN 978-3-16-148410-0',
    'uuid 123e4567-e89b-12d3-a456-426614174000',
    'sha 5d41402abc4b2a76b9719d911017c592',
    'total $4155552671',
    'a bare 4155552671 without context',
    '555-0100',
    'Tel: 030 1234567 (no German default region)',
    'ip 192.168.100.200',
  ])('finds nothing in %j', (text) => {
    expect(found('PHONE', text)).toEqual([]);
  });
});

describe('US_SSN', () => {
  it.each([
    ['SSN 123-45-6789', '123-45-6789'],
    ['my social security number is 123456789', '123456789'],
    ['ssn: 123 45 6789', '123 45 6789'],
    ['filed under 078-05-1120', '078-05-1120'],
  ])('finds the number in %j', (text, value) => {
    expect(found('US_SSN', text)).toEqual([value]);
  });

  it.each([
    'id 123456789',
    'area 000-12-3456',
    'area 666-12-3456',
    'area 900-12-3456',
    'group 123-00-4567',
    'serial 123-45-0000',
    'part 123-45-6789-01',
    'ssn 000000000',
  ])('finds nothing in %j', (text) => {
    expect(found('US_SSN', text)).toEqual([]);
  });
});

describe('IBAN', () => {
  it.each([
    ['IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX', 'DE89 3704 0044 0532 0130 00'],
    ['GB82WEST12345698765432', 'GB82WEST12345698765432'],
    ['FR: FR14 2004 1010 0505 0001 3M02 606.', 'FR14 2004 1010 0505 0001 3M02 606'],
    ['NL91ABNA0417164300', 'NL91ABNA0417164300'],
  ])('finds the account in %j', (text, value) => {
    expect(found('IBAN', text)).toEqual([value]);
  });

  it.each([
    'DE89370400440532013001', // checksum fails
    'DE8937040044053201300', // one short for DE
    'XX89370400440532013000', // no such country
    'SKU AB12CDEF34567890123',
  ])('finds nothing in %j', (text) => {
    expect(found('IBAN', text)).toEqual([]);
  });
});

describe('DATE_OF_BIRTH', () => {
  it.each([
    ['born on 12/03/1985', '12/03/1985'],
    ['DOB: 1985-03-12', '1985-03-12'],
    ['geb. 12.03.1985 in Köln', '12.03.1985'],
    ['née le 3 mars 1990', '3 mars 1990'],
    ['Date of birth: March 12, 1985', 'March 12, 1985'],
    ['Geburtsdatum 1. Januar 1970', '1. Januar 1970'],
    ['birthday is the 4th of July 1990', '4th of July 1990'],
    ['born 5/7/85', '5/7/85'],
  ])('finds the date in %j', (text, value) => {
    expect(found('DATE_OF_BIRTH', text)).toEqual([value]);
  });

  it.each([
    'meeting on 12/03/1985',
    'DOB field is empty; the release is 2024-06-01',
    'born in a small town, moved in 1985-03-12 much later than anyone expected to be honest',
    'born 1985-13-45',
  ])('finds nothing in %j', (text) => {
    expect(found('DATE_OF_BIRTH', text)).toEqual([]);
  });
});

describe('PERSON', () => {
  it.each([
    ['Please ask Maria Gonzalez.', ['Maria Gonzalez']],
    ['Hi, my name is Kwame Mensah and I work with Dr. Peter Müller.', ['Kwame Mensah', 'Peter Müller']],
    ['Thanks,\nPriya Raghunathan', ['Priya Raghunathan']],
    ['Herr Schmidt ruft an', ['Schmidt']],
    ['je m’appelle Amélie Poulain', ['Amélie Poulain']],
    ['Dear Ms. Okonkwo,', ['Okonkwo']],
    [
      'Sean O’Brien and Jean-Pierre Dupont met Johan van der Berg',
      ['Jean-Pierre Dupont', 'Johan van der Berg'],
    ],
    ['Yesterday Anna called', ['Anna']],
    ['Mark Johnson approved it', ['Mark Johnson']],
  ])('finds the names in %j', (text, values) => {
    expect(found('PERSON', text)).toEqual(values);
  });

  it.each([
    'Will you grant access?',
    'Hello World from Paris',
    'The Quick Brown Fox',
    'In May we ship the April release',
    'Dear Customer, thanks',
    'Monday Morning Meeting',
  ])('finds nothing in %j', (text) => {
    expect(found('PERSON', text)).toEqual([]);
  });
});

describe('STREET_ADDRESS', () => {
  it.each([
    ['I live at 221B Baker Street, London', '221B Baker Street'],
    ['1600 Pennsylvania Avenue NW, Suite 200', '1600 Pennsylvania Avenue NW, Suite 200'],
    ['Hauptstraße 5, 10115 Berlin', 'Hauptstraße 5, 10115 Berlin'],
    ['Berliner Str. 12a', 'Berliner Str. 12a'],
    ['12 rue de la Paix, 75002 Paris', '12 rue de la Paix, 75002 Paris'],
  ])('finds the address in %j', (text, value) => {
    expect(found('STREET_ADDRESS', text)).toEqual([value]);
  });

  it.each(['we have 3 Main points', 'step 2 Drive safely', 'Straße ohne Nummer'])(
    'finds nothing in %j',
    (text) => {
      expect(found('STREET_ADDRESS', text)).toEqual([]);
    },
  );
});

describe('SECRET additions', () => {
  it.each([
    [
      'slack xoxb-1234567890-0987654321-abcdefghijABCDEFGHIJ',
      'xoxb-1234567890-0987654321-abcdefghijABCDEFGHIJ',
    ],
    ['stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
    ['rk_test_51HqLyjWDarjtT1zdp7dcXYZ', 'rk_test_51HqLyjWDarjtT1zdp7dcXYZ'],
    [
      'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ],
    ['password=Summer2024!', 'Summer2024!'],
    ['"client_secret": "AbC8f7Gh2kLm9QxZ"', 'AbC8f7Gh2kLm9QxZ'],
    ['export API_KEY=9f8e7d6c5b4a3F2E1D', '9f8e7d6c5b4a3F2E1D'],
  ])('finds the secret in %j', (text, value) => {
    expect(found('SECRET', text)).toEqual([value]);
  });

  it.each([
    'pk_live_4eC39HqLyjWDarjtT1zdp7dc is publishable',
    'eyJmb28iOiJiYXIifQ.eyJhIjoxfQ.abc', // decodable header without "alg"
    'eyJub3QganNvbg.eyJhIjoxfQ.abc',
    'password=${DB_PASSWORD}',
    'password: <your-password-here>',
    'password = xxxxxxxxxxxx',
    'secret: please-reset-it',
    'token: aaaaaaaa1',
  ])('finds nothing in %j', (text) => {
    expect(found('SECRET', text)).toEqual([]);
  });
});

describe('hard negatives across every detector', () => {
  it.each([
    'Order #12345678 and order 98765432 shipped',
    'UUID 123e4567-e89b-12d3-a456-426614174000',
    'Upgrade from version 1.2.3 to 10.20.30-beta.1 (build 2024.06.01)',
    'Timestamp 2024-06-01T12:30:45.123Z and 1717245045',
    'md5 5d41402abc4b2a76b9719d911017c592',
    'sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709',
    'sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'ISBN 978-3-16-148410-0 and 0-306-40615-2',
    'card-like 1234 5678 9012 3456 fails Luhn',
    'The quarterly report is due on 2024-06-30.',
  ])('finds nothing in %j', (text) => {
    expect(all(text)).toEqual([]);
  });
});
