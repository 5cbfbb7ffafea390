/**
 * The order in which the packs of one row take a round of calls. With a fixed order the first pack always runs
 * first in its round and always right after the same pack, so a cost of either position (the machine's state
 * after the previous pack's call, the time since the pack's own last call) falls on one pack every time and
 * shows up in its call-by-call ratio. A Williams design (E. J. Williams, 1949) removes both: over one cycle
 * every pack takes every position, and follows every other pack, equally often.
 */

/**
 * The pack indices (0..n-1) in the order call `call` (0-based) visits them: row `call` of a Williams design of
 * order n. Its first row is 0, 1, n-1, 2, n-2, ...; row k adds k to each index mod n. For even n that cycle of n
 * rows is balanced; for odd n the cycle is 2n rows, the second n the first n reversed.
 */
export function callOrder(call: number, n: number): number[] {
    if (!Number.isInteger(n) || n < 1) throw new Error(`callOrder: ${n} packs is not a count of packs`);
    if (!Number.isInteger(call) || call < 0) throw new Error(`callOrder: call ${call} is not a call index`);
    const first = Array.from({ length: n }, (_, i) => (i % 2 === 1 ? (i + 1) / 2 : (n - i / 2) % n));
    const cycle = n % 2 === 0 ? n : 2 * n;
    const k = call % cycle;
    const row = first.map((p) => (p + k) % n);
    return k >= n ? row.reverse() : row;
}
