/** Least-squares line `v = intercept + slope * (t - t0)` with its fit quality. */
export interface LinearFit {
  t0: number;
  slope: number;
  intercept: number;
  /** Coefficient of determination in [0, 1]; 0 when the values are constant or n < 3. */
  r2: number;
  /** Standard deviation of the residuals. */
  residualSd: number;
  mean: number;
  n: number;
}

/** Ordinary least squares over (t, v) pairs; t is shifted by the first t for precision. */
export function linearFit(ts: ArrayLike<number>, vs: ArrayLike<number>): LinearFit {
  const n = ts.length;
  const t0 = n ? ts[0] : 0;
  let st = 0;
  let sv = 0;
  for (let i = 0; i < n; i++) {
    st += ts[i] - t0;
    sv += vs[i];
  }
  const mt = n ? st / n : 0;
  const mv = n ? sv / n : 0;
  let stt = 0;
  let stv = 0;
  let svv = 0;
  for (let i = 0; i < n; i++) {
    const dt = ts[i] - t0 - mt;
    const dv = vs[i] - mv;
    stt += dt * dt;
    stv += dt * dv;
    svv += dv * dv;
  }
  const slope = stt > 0 ? stv / stt : 0;
  const intercept = mv - slope * mt;
  const sse = Math.max(0, svv - slope * stv);
  const r2 = n >= 3 && svv > 0 && stt > 0 ? Math.min(1, Math.max(0, 1 - sse / svv)) : 0;
  const residualSd = n > 2 ? Math.sqrt(sse / (n - 2)) : 0;
  return { t0, slope, intercept, r2, residualSd, mean: mv, n };
}

export function predict(fit: LinearFit, t: number): number {
  return fit.intercept + fit.slope * (t - fit.t0);
}
