/**
 * The records a component declares, mapped from records/' one assembly: the spec holds what the program knows
 * as it runs (domain, selector, MAIL FROM domain, DMARC) and leaves the rest open (the region, the Easy DKIM
 * tokens, the BYODKIM public key). Each record is declared at once, its type known, and its output waits on
 * exactly the inputs its open parts stand for.
 */
import * as pulumi from "@pulumi/pulumi";
import { IdentityRecord, IdentitySpec, identityRecords, OpenPart, recordOpenParts, requireKnownRecord } from "../records";
import { DeclaredRecord } from "./dns-adapter";

/** The outputs that fill a spec's open parts. */
export interface OpenInputs {
    /** The identity's region. */
    region: pulumi.Output<string>;
    /** Easy DKIM: the tokens SES issued. */
    tokens?: pulumi.Output<string[]>;
    /** BYODKIM: the public key, base64 DER. */
    publicKey?: pulumi.Output<string>;
}

/** What the open parts of a record are filled from, once known. */
interface FilledParts {
    region?: string;
    tokens?: string[];
    publicKey?: string;
}

/** The input an open part stands for. */
function inputOf(part: OpenPart): keyof FilledParts | undefined {
    switch (part.part) {
        case "region":
        case "dkim-domain":
            return "region";
        case "dkim-token":
            return "tokens";
        case "public-key":
            return "publicKey";
        default:
            return undefined;
    }
}

/** `spec` with the parts given in `filled` known. */
function fill(spec: IdentitySpec, filled: FilledParts): IdentitySpec {
    const dkim = spec.dkim;
    return {
        ...spec,
        region: filled.region ?? spec.region,
        dkim:
            dkim?.kind === "easy"
                ? { ...dkim, tokens: filled.tokens ?? dkim.tokens }
                : dkim?.kind === "byodkim"
                  ? { ...dkim, publicKey: filled.publicKey ?? dkim.publicKey }
                  : undefined,
    };
}

/** The child resource suffix of a record: `dkim-1..3` (Easy DKIM), `dkim` (BYODKIM), else its purpose. */
function suffix(r: IdentityRecord, easyDkimNumber: number): string {
    if (r.purpose === "easy-dkim") return `dkim-${easyDkimNumber}`;
    return r.purpose === "byodkim" ? "dkim" : r.purpose;
}

/** Every record of `spec`, declared now, each filled from the `inputs` its open parts need once they resolve. */
export function declaredRecords(spec: IdentitySpec, inputs: OpenInputs): DeclaredRecord[] {
    let easyDkim = 0;
    return identityRecords(spec).map((r, i) => {
        const needed = new Set(recordOpenParts(r).map(inputOf));
        const record = pulumi
            .all([
                needed.has("region") ? inputs.region : undefined,
                needed.has("tokens") ? inputs.tokens : undefined,
                needed.has("publicKey") ? inputs.publicKey : undefined,
            ])
            .apply(([region, tokens, publicKey]) => requireKnownRecord(identityRecords(fill(spec, { region, tokens, publicKey }))[i]));
        if (r.purpose === "easy-dkim") easyDkim++;
        return { purpose: r.purpose, suffix: suffix(r, easyDkim), type: r.type, record };
    });
}
