/**
 * Distinct URL paths for cardinality floods: `idPath(i)` has a numeric id segment (templated to
 * `/users/:id/orders`), `wordPath(i)` has a distinct id-free word (letters g–z only, so it is
 * never mistaken for a number, hex or UUID id) and makes a new route each time.
 */
const LETTERS = 'ghijklmnopqrstuvwxyz';

export function word(i) {
  let s = '';
  let n = i;
  do {
    s = LETTERS[n % LETTERS.length] + s;
    n = Math.floor(n / LETTERS.length);
  } while (n > 0);
  return `page-${s}`;
}

export const idPath = (i) => `/users/${i}/orders`;
export const wordPath = (i) => `/docs/${word(i)}`;

/** Path number i of a flood alternating id paths and id-free paths. */
export const floodPath = (i) => (i % 2 === 0 ? idPath(i >> 1) : wordPath(i >> 1));
