// Preloaded (node --import) by scripts/test-at.mjs: moves this process's JavaScript clock by
// TEST_CLOCK_OFFSET_MS, so the suites run as if on another day while time still flows. Only
// Date moves; timers, performance.now() and the embedded engine keep the machine's clock.
// (libfaketime moves chDB too, but chDB slows to a crawl under it and its now() ignores it.)
const offset = Number(process.env.TEST_CLOCK_OFFSET_MS);
if (Number.isFinite(offset) && offset !== 0) {
  const RealDate = globalThis.Date;
  const now = () => RealDate.now() + offset;
  // A function rather than a subclass: `Date()` without `new` keeps working, and dates made
  // before the swap are still `instanceof Date`.
  function ShiftedDate(...args) {
    if (!new.target) return new RealDate(now()).toString();
    return args.length === 0 ? new RealDate(now()) : new RealDate(...args);
  }
  ShiftedDate.prototype = RealDate.prototype;
  ShiftedDate.now = now;
  ShiftedDate.UTC = RealDate.UTC;
  ShiftedDate.parse = RealDate.parse;
  globalThis.Date = ShiftedDate;
}
