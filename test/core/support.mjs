// A backend for core tests: sites with names, and a patch log that checks the
// core's protocol (make a call only on a NOP site, modify or NOP only a site
// that calls exactly what the core says it calls).
export class FakeBackend {
  constructor(names = []) {
    this.names = [...names];
    this.calls = names.map(() => null);
    this.log = [];
    this.listeners = new Set();
    this.failOn = undefined;
  }
  get siteCount() { return this.names.length; }
  name(ip) { return this.names[ip]; }
  #fail(ip) { if (this.failOn !== undefined && this.failOn(ip)) throw new Error(`patch of site ${ip} failed`); }
  makeCall(ip, target) {
    this.#fail(ip);
    if (this.calls[ip] !== null) throw new Error(`makeCall on calling site ${ip}`);
    this.calls[ip] = target; this.log.push(['make', ip, target.kind]);
  }
  modifyCall(ip, old, target) {
    this.#fail(ip);
    if (this.calls[ip] !== old) throw new Error(`modifyCall on site ${ip} with a stale old target`);
    this.calls[ip] = target; this.log.push(['modify', ip, target.kind]);
  }
  makeNop(ip, old) {
    this.#fail(ip);
    if (this.calls[ip] !== old) throw new Error(`makeNop on site ${ip} with a stale old target`);
    this.calls[ip] = null; this.log.push(['nop', ip]);
  }
  onSites(listener) { this.listeners.add(listener); return () => this.listeners.delete(listener); }
  load(names) {
    const first = this.names.length;
    this.names.push(...names);
    this.calls.push(...names.map(() => null));
    for (const l of this.listeners) l(first, names.length);
  }
}

export const site = (symbol, module = 'app.js') => ({ symbol, module });

/** A small deterministic PRNG (mulberry32). */
export function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
