/** A password policy a real user can meet: at least 8 characters, letters and digits. */
export function isAcceptablePassword(pw: string): boolean {
  return pw.length >= 8 && pw.length <= 128 && /[A-Za-z]/.test(pw) && /\d/.test(pw);
}
