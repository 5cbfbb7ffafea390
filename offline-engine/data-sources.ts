/**
 * What data sources (invokes) and stack references return offline. In order: the user's answers file; the
 * data sources computed or answered here (aws.iam.getPolicyDocument exactly; Route 53 getZone consistent with the
 * zones the stack declares; region, account, partition, availability zones); and for any other, an empty
 * result (fields unknown to the program) with one warning per data source naming it and the answers file.
 * The private hosted zones getZone answered are kept, to warn about SES records written into them.
 */
import * as fs from "node:fs";
import * as yaml from "js-yaml";
import type { CapturedResource } from "../state/captured-resource";
import { UNKNOWN, isObject } from "../state/wire";
import { MOCK_ACCOUNT_ID, zoneIdFor } from "./plausible-outputs";
import { policyDocument } from "./policy-document";
import { UserError } from "../user-error";
import { didYouMean } from "../closest-name";

/** The answers file cannot be used. */
export class AnswersFileError extends UserError {}

/** An answers file: data source token -> its result; stack reference name -> its outputs. */
export interface Answers {
    invokes: Record<string, Record<string, unknown>>;
    stackReferences: Record<string, Record<string, unknown>>;
}

let answers: Answers = { invokes: {}, stackReferences: {} };
const warned = new Set<string>();
const unanswered = new Set<string>();
const GET_ZONE = "aws:route53/getZone:getZone";
/** The zone ids getZone answered with a private hosted zone, to the zone's name ("" when unknown). */
const privateZones = new Map<string, string>();
/** The zone ids getZone answered with a public hosted zone. */
const publicZones = new Set<string>();

/**
 * Forgets what an earlier program run was answered and warned about: each run starts with no answers file, no
 * warnings given and no zones seen (the engine of one CLI process runs its programs one after the other).
 */
export function resetDataSources(): void {
    answers = { invokes: {}, stackReferences: {} };
    warned.clear();
    unanswered.clear();
    privateZones.clear();
    publicZones.clear();
}

/** Reads the answers file (JSON or YAML) that later data source calls and stack references are answered from. */
export function useAnswersFile(file: string): void {
    let doc: unknown;
    try {
        doc = yaml.load(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new AnswersFileError(`--answers ${file}: cannot be read as JSON or YAML (${(err as Error).message.split("\n")[0]})`);
    }
    const section = (name: keyof Answers): Record<string, Record<string, unknown>> => {
        const value = isObject(doc) ? doc[name] : undefined;
        if (value === undefined) return {};
        if (!isObject(value) || !Object.values(value).every(isObject)) {
            throw new AnswersFileError(`--answers ${file}: "${name}" must map each ${name === "invokes" ? "data source token" : "stack name"} to an object`);
        }
        return value as Record<string, Record<string, unknown>>;
    };
    if (!isObject(doc)) throw new AnswersFileError(`--answers ${file}: expected a mapping with "invokes" and/or "stackReferences"`);
    const sections: (keyof Answers)[] = ["invokes", "stackReferences"];
    for (const key of Object.keys(doc)) {
        if (!(sections as string[]).includes(key))
            throw new AnswersFileError(
                `--answers ${file}: unknown key "${key}"${didYouMean(key, sections)}; an answers file holds only "invokes" and "stackReferences"`,
            );
    }
    answers = { invokes: section("invokes"), stackReferences: section("stackReferences") };
}

/** What a data source can see of the run. */
export interface InvokeContext {
    /** The region of the invoke's provider. */
    region: string;
    preview: boolean;
    /** What the program registered so far. */
    resources: readonly CapturedResource[];
    /** The stack's config values. */
    config: Record<string, string>;
}

function warnOnce(key: string, message: string): void {
    if (warned.has(key)) return;
    warned.add(key);
    process.stderr.write(`ses-guard: warning: ${message}\n`);
}

function str(value: unknown): string {
    return typeof value === "string" ? value : "";
}

/** The zone name a hosted zone id names: a zone the stack declares, or a zone name in config, with that id. */
function zoneNameFor(zoneId: string, ctx: InvokeContext): string | undefined {
    for (const r of ctx.resources) {
        if (r.type !== "aws:route53/zone:Zone") continue;
        const name = str(r.inputs.name).replace(/\.$/, "");
        if (name && (zoneIdFor(name) === zoneId || r.outputs.zoneId === zoneId)) return name;
    }
    return Object.values(ctx.config).find((v) => /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(v) && zoneIdFor(v) === zoneId);
}

function getZone(args: Record<string, unknown>, ctx: InvokeContext): Record<string, unknown> {
    const byId = str(args.zoneId);
    let name = str(args.name).replace(/\.$/, "");
    if (byId) {
        const found = zoneNameFor(byId, ctx);
        if (found === undefined)
            warnOnce(
                `getZone:${byId}`,
                `aws.route53.getZone({ zoneId: "${byId}" }): that zone is neither declared in the stack nor named in config, so its name is unknown offline; give it in an answers file (--answers) under invokes."aws:route53/getZone:getZone"`,
            );
        name = found ?? UNKNOWN;
    }
    const zoneId = byId || zoneIdFor(name);
    return {
        id: zoneId,
        zoneId,
        name,
        arn: `arn:aws:route53:::hostedzone/${zoneId}`,
        privateZone: args.privateZone === true,
        nameServers: [1, 2, 3, 4].map((i) => `ns-${i}.awsdns-${i}.net`),
        callerReference: zoneId,
        comment: "",
        resourceRecordSetCount: 2,
        tags: isObject(args.tags) ? args.tags : {},
    };
}

/** The data sources answered here, by token. */
const BUILT_IN: Record<string, (args: Record<string, unknown>, ctx: InvokeContext) => Record<string, unknown>> = {
    "aws:iam/getPolicyDocument:getPolicyDocument": (args) => policyDocument(args),
    [GET_ZONE]: getZone,
    "aws:index/getRegion:getRegion": (_args, { region }) => ({
        id: region,
        name: region,
        region,
        description: region,
        endpoint: `ec2.${region}.amazonaws.com`,
    }),
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        id: MOCK_ACCOUNT_ID,
        accountId: MOCK_ACCOUNT_ID,
        arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/ses-guard`,
        userId: "AIDAMOCKUSER",
    }),
    "aws:index/getPartition:getPartition": () => ({ id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_args, { region }) => {
        const names = ["a", "b", "c"].map((s) => `${region}${s}`);
        return {
            id: region,
            names,
            zoneIds: names.map(
                (_, i) =>
                    `${region
                        .split("-")
                        .map((p) => p[0])
                        .join("")}${region.replace(/\D/g, "")}-az${i + 1}`,
            ),
            groupNames: [region],
        };
    },
};

/** Keeps the ids of a getZone answer: private when asked for (`privateZone: true`) or answered so. */
function noteZone(args: Record<string, unknown>, result: Record<string, unknown>): void {
    const ids = [result.zoneId, result.id].filter((id): id is string => typeof id === "string" && id !== "" && id !== UNKNOWN);
    const name = [result.name, args.name].map(str).find((n) => n !== "" && n !== UNKNOWN) ?? "";
    for (const id of ids) {
        if (args.privateZone === true || result.privateZone === true) privateZones.set(id, privateZones.get(id) || name.replace(/\.$/, ""));
        else publicZones.add(id);
    }
}

/** The result of the data source `token` called with `args`. */
export function answerInvoke(token: string, args: Record<string, unknown>, ctx: InvokeContext): Record<string, unknown> {
    const result = answerOf(token, args, ctx);
    if (token === GET_ZONE) noteZone(args, result);
    return result;
}

function answerOf(token: string, args: Record<string, unknown>, ctx: InvokeContext): Record<string, unknown> {
    const given = answers.invokes[token];
    if (given !== undefined) return given;
    const builtIn = BUILT_IN[token];
    if (builtIn !== undefined) return builtIn(args, ctx);
    unanswered.add(token);
    warnOnce(
        token,
        `the program calls the data source '${token}', which cannot be answered offline; its result is empty (every field undefined). If the program needs it, give its result in an answers file (--answers FILE, see ses-guard preview --help)`,
    );
    return {};
}

/** The hint to add to a program's failure when it called data sources that got empty results ("" when none). */
export function unansweredHint(): string {
    if (unanswered.size === 0) return "";
    return `\n(the program called ${[...unanswered].map((t) => `'${t}'`).join(", ")}, answered offline with an empty result; if the error comes from that, give the result in an answers file: --answers FILE)`;
}

/** The record types SES or a receiver reads: DKIM CNAMEs, verification, BYODKIM, SPF and DMARC TXT, MAIL FROM MX. */
const SES_RECORD_TYPES = new Set(["CNAME", "TXT", "MX"]);

/**
 * Warns, once per zone, about the Route 53 records that the program wrote into a private hosted zone it found
 * with getZone. SES looks verification records up in public DNS, so these never verify anything, and no policy
 * pack can tell: the engine never sends a data source's lookup to a policy pack, and the record carries only the
 * zone's id, so the pack counts them as it would public ones. Left out: stacks without SES resources (their
 * private zones are none of SES's business), records of a type SES never reads (an intranet A record), and zone
 * ids getZone also gave for a public zone (offline a zone's id comes from its name, so the two halves of a
 * split-horizon domain share one, and a record in the public half cannot be told from one in the private half).
 *
 * A warning, like the other data-source warnings, not a failure: the exit code stays the policy pack's verdict,
 * the one `pulumi preview --policy-pack` gives, and a warning needs no flag or policy config to silence when the
 * records are also published in the domain's public zone outside this stack (`ses-guard verify --dns` tells).
 */
export function warnRecordsInPrivateZones(resources: readonly CapturedResource[]): void {
    if (!resources.some((r) => r.type.startsWith("aws:ses/") || r.type.startsWith("aws:sesv2/"))) return;
    const byZone = new Map<string, string[]>();
    for (const r of resources) {
        const zoneId = r.inputs.zoneId;
        if (r.type !== "aws:route53/record:Record" || typeof zoneId !== "string" || !privateZones.has(zoneId) || publicZones.has(zoneId)) continue;
        const type = str(r.inputs.type);
        if (type !== "" && type !== UNKNOWN && !SES_RECORD_TYPES.has(type.toUpperCase())) continue;
        byZone.set(zoneId, [...(byZone.get(zoneId) ?? []), `'${r.name}'`]);
    }
    // Sorted: registration order depends on when each output resolved.
    const zones = [...byZone].map(([zoneId, records]) => ({ zoneId, name: privateZones.get(zoneId) ?? "", records: records.sort() }));
    for (const { zoneId, name, records } of zones.sort((a, b) => (a.name + a.zoneId).localeCompare(b.name + b.zoneId))) {
        const zone = name ? `${name} (${zoneId})` : zoneId;
        warnOnce(
            `private:${zoneId}`,
            `Route 53 record${records.length === 1 ? "" : "s"} ${records.join(", ")} ${records.length === 1 ? "is" : "are"} in the private hosted zone ${zone}, ` +
                "found with aws.route53.getZone: SES looks verification records up in public DNS, so records in a private " +
                "hosted zone never verify. `pulumi preview --policy-pack` cannot see this (data-source lookups are never sent to a policy pack, and " +
                "the record carries only the zone id), so the pack counts them; put verification records in the domain's public hosted zone",
        );
    }
}

/** The state of a stack reference: its outputs from the answers file, else unknown (preview) or none (update). */
export function stackReferenceState(name: string, preview: boolean): Record<string, unknown> {
    const given = answers.stackReferences[name];
    if (given === undefined) {
        warnOnce(
            `stack:${name}`,
            `the stack reference '${name}' cannot be read offline: its outputs are ${preview ? "unknown" : "missing"}; give them in an answers file (--answers FILE) under stackReferences."${name}"`,
        );
    }
    return { name, outputs: given ?? (preview ? UNKNOWN : {}), secretOutputNames: [] };
}
