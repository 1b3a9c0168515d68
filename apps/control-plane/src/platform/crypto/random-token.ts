import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** 32 random bytes written in base62 (43 characters), the form every Portcullis secret token takes. */
export function randomBase62(bytes = 32): string {
  let value = BigInt(`0x${randomBytes(bytes).toString('hex')}`);
  let text = '';
  while (value > 0n) {
    text = BASE62.charAt(Number(value % 62n)) + text;
    value /= 62n;
  }
  return text.padStart(Math.ceil((bytes * 8) / Math.log2(62)), '0');
}
