/**
 * What data sources (invokes) and stack references return offline. In order: the user's answers file; the
 * data sources computed or answered here (aws.iam.getPolicyDocument exactly; Route 53 getZone consistent with the
 * zones the stack declares; region, account, partition, availability zones); and for any other, an empty
 * result (fields unknown to the program) with one warning per data source naming it and the answers file.
 */
import * as fs from "node:fs";
import * as yaml from "js-yaml";
import type { CapturedResource } from "../state/captured-resource";
import { UNKNOWN, isObject } from "../state/wire";
import { MOCK_ACCOUNT_ID, zoneIdFor } from "./plausible-outputs";
import { policyDocument } from "./policy-document";
import { UserError } from "../user-error";

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
    "aws:route53/getZone:getZone": getZone,
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

/** The result of the data source `token` called with `args`. */
export function answerInvoke(token: string, args: Record<string, unknown>, ctx: InvokeContext): Record<string, unknown> {
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
