/** CRC-32 (IEEE), as Go's hash/crc32.ChecksumIEEE computes it (zlib.crc32 is newer than Node.js 20.0). */
const TABLE = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
});

/** The CRC-32 of `text`'s UTF-8 bytes, as an unsigned integer. */
export function crc32(text: string): number {
    let crc = 0xffffffff;
    for (const byte of Buffer.from(text, "utf8")) crc = (TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
}
