// Session numbers are read aloud over the phone: show them in groups of three
// ("123 456 789") and accept whatever separators a person types back.

/** "123456789" → "123 456 789". */
export function formatSessionNumber(number: string): string {
  return number.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');
}

/** "123 456-789" → "123456789"; spaces, dashes and dots are ignored. */
export function normalizeSessionNumber(input: string): string {
  return input.replace(/[\s.\-\u00a0]/g, '');
}
