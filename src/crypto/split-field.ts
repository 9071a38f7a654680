/**
 * Shamir's polynomial secret sharing (Shamir, "How to Share a Secret", CACM 1979, the [w1979]
 * of KMIP 1.4 §2.2.5 / 2.1 §13.1) over any finite field: the secret is the constant term of a
 * random polynomial of degree threshold − 1, a share is the polynomial at a public x-coordinate,
 * and Lagrange interpolation at x = 0 of any `threshold` shares gives the secret back.
 *
 * The fields (GF(2^8), GF(2^16), GF(p)) implement `SplitField`; `mul` must not branch on its
 * operands' values, since coefficients and shares are secret. The x-coordinates (the Key Part
 * Identifiers) are public.
 */

export interface SplitField<E> {
  readonly zero: E;
  readonly one: E;
  add(a: E, b: E): E;
  sub(a: E, b: E): E;
  mul(a: E, b: E): E;
  /** The multiplicative inverse; only ever called on public values (differences of x's). */
  inv(a: E): E;
  /** A uniformly random element. */
  random(): E;
}

/** Horner's rule: coefficients[0] + coefficients[1]·x + … */
function evaluate<E>(field: SplitField<E>, coefficients: readonly E[], x: E): E {
  let acc = field.zero;
  for (let i = coefficients.length - 1; i >= 0; i--) acc = field.add(field.mul(acc, x), coefficients[i] as E);
  return acc;
}

/** The shares of `secret` at the x-coordinates `xs` (distinct, non-zero), any `threshold` of which rebuild it. */
export function shareSecret<E>(field: SplitField<E>, secret: E, threshold: number, xs: readonly E[]): E[] {
  const coefficients: E[] = [secret];
  for (let i = 1; i < threshold; i++) coefficients.push(field.random());
  return xs.map((x) => evaluate(field, coefficients, x));
}

/**
 * Lagrange basis polynomials at 0: l_i(0) = Π_{j≠i} x_j / (x_j − x_i). They depend on the
 * public x-coordinates only, so one basis serves every piece of a secret.
 */
export function basisAtZero<E>(field: SplitField<E>, xs: readonly E[]): E[] {
  return xs.map((xi, i) => {
    let l = field.one;
    xs.forEach((xj, j) => {
      if (j !== i) l = field.mul(l, field.mul(xj, field.inv(field.sub(xj, xi))));
    });
    return l;
  });
}

/** Σ y_i · l_i(0): the secret, given the shares `ys` and the basis of their x-coordinates. */
export function interpolateAtZero<E>(field: SplitField<E>, basis: readonly E[], ys: readonly E[]): E {
  let acc = field.zero;
  ys.forEach((y, i) => {
    acc = field.add(acc, field.mul(y, basis[i] as E));
  });
  return acc;
}
