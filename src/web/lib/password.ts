import { isAcceptablePassword } from '../../domain/access/password-policy.js';

// No 0/O, 1/l/I: the password is read aloud or copied from paper by the new user.
const LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const ALL = LETTERS + DIGITS;

/**
 * An initial password an admin can hand over: `length` characters from an unambiguous set,
 * meeting the server's policy. `random(n)` returns an integer in [0, n); the page passes a
 * crypto-backed one, tests pass a fixed sequence.
 */
export function generatePassword(random: (n: number) => number, length = 12): string {
  for (;;) {
    let s = '';
    for (let i = 0; i < length; i++) s += ALL[random(ALL.length)];
    if (isAcceptablePassword(s)) return s;
  }
}

export function cryptoRandom(n: number): number {
  // Rejection sampling keeps the choice uniform.
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  const buf = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buf);
    const v = buf[0] ?? 0;
    if (v < limit) return v % n;
  }
}
