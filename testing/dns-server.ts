/**
 * A tiny authoritative DNS responder for tests: UDP on 127.0.0.1 (port 0), answering CNAME, TXT and MX
 * queries from a fixed record list in the real DNS wire format, so node:dns resolves against it unchanged
 * (`resolver.setServers([server.address])`). Unknown names answer NXDOMAIN, known names without the asked
 * type answer NOERROR with no records, and names in `servfail` answer SERVFAIL.
 */
import { createSocket, RemoteInfo, Socket } from "node:dgram";
import { normalizeDnsName } from "../records";

/** One record served. TXT values longer than 255 characters are split into strings. */
export interface DnsRecord {
    name: string;
    type: "CNAME" | "TXT" | "MX";
    /** CNAME target, TXT text, or MX `<priority> <host>`. */
    value: string;
}

/** A running responder. */
export interface DnsServer {
    /** `127.0.0.1:<port>`, for `--resolver`. */
    readonly address: string;
    /** Queries received. */
    readonly queries: number;
    close(): Promise<void>;
}

const TYPE_CODES: Readonly<Record<DnsRecord["type"], number>> = { CNAME: 5, TXT: 16, MX: 15 };

/** Starts the responder with `records`; names in `servfail` always fail. */
export async function startDnsServer(records: readonly DnsRecord[], options: { servfail?: string[] } = {}): Promise<DnsServer> {
    const servfail = new Set((options.servfail ?? []).map(normalizeDnsName));
    let queries = 0;
    const socket: Socket = createSocket("udp4");
    socket.on("message", (msg: Buffer, peer: RemoteInfo) => {
        queries += 1;
        const question = parseQuestion(msg);
        if (!question) return;
        const name = normalizeDnsName(question.name);
        const known = records.filter((r) => normalizeDnsName(r.name) === name);
        const answers = known.filter((r) => TYPE_CODES[r.type] === question.type);
        const rcode = servfail.has(name) ? 2 : known.length === 0 ? 3 : 0;
        socket.send(response(msg, question.end, rcode, rcode === 0 ? answers : []), peer.port, peer.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    return {
        address: `127.0.0.1:${socket.address().port}`,
        get queries() {
            return queries;
        },
        close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
    };
}

function parseQuestion(msg: Buffer): { name: string; type: number; end: number } | undefined {
    if (msg.length < 12 || msg.readUInt16BE(4) < 1) return undefined;
    const labels: string[] = [];
    let at = 12;
    while (at < msg.length && msg[at] !== 0) {
        const len = msg[at];
        labels.push(msg.subarray(at + 1, at + 1 + len).toString("latin1"));
        at += 1 + len;
    }
    at += 1;
    if (at + 4 > msg.length) return undefined;
    return { name: labels.join("."), type: msg.readUInt16BE(at), end: at + 4 };
}

function response(query: Buffer, questionEnd: number, rcode: number, answers: readonly DnsRecord[]): Buffer {
    const header = Buffer.alloc(12);
    header.writeUInt16BE(query.readUInt16BE(0), 0);
    header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | rcode, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const parts = [header, query.subarray(12, questionEnd)];
    for (const a of answers) {
        const rdata = encodeRdata(a);
        const fixed = Buffer.alloc(12);
        fixed.writeUInt16BE(0xc00c, 0);
        fixed.writeUInt16BE(TYPE_CODES[a.type], 2);
        fixed.writeUInt16BE(1, 4);
        fixed.writeUInt32BE(60, 6);
        fixed.writeUInt16BE(rdata.length, 10);
        parts.push(fixed, rdata);
    }
    return Buffer.concat(parts);
}

function encodeRdata(r: DnsRecord): Buffer {
    if (r.type === "CNAME") return encodeName(r.value);
    if (r.type === "MX") {
        const [priority, host] = r.value.trim().split(/\s+/);
        const pref = Buffer.alloc(2);
        pref.writeUInt16BE(Number(priority), 0);
        return Buffer.concat([pref, encodeName(host)]);
    }
    const chunks: Buffer[] = [];
    const text = Buffer.from(r.value, "utf8");
    for (let i = 0; i < text.length || i === 0; i += 255) {
        const piece = text.subarray(i, i + 255);
        chunks.push(Buffer.from([piece.length]), piece);
    }
    return Buffer.concat(chunks);
}

function encodeName(name: string): Buffer {
    const parts = name
        .replace(/\.$/, "")
        .split(".")
        .filter((l) => l !== "")
        .map((l) => Buffer.concat([Buffer.from([Buffer.byteLength(l)]), Buffer.from(l, "latin1")]));
    return Buffer.concat([...parts, Buffer.from([0])]);
}
