/**
 * Secret values and how they are kept out of everything ses-guard prints or writes. A value is secret when it sits
 * in a secret envelope (a secret input or output on the wire, a `--show-secrets` export's plaintext) or is the value
 * of secret stack config; every occurrence of it in a message or report is shown as {@link REDACTED}, while the
 * policies and the check still work on its plaintext.
 */
import { escapeRegExp } from "../escape-regexp";
import { asciiIdentityName } from "../records/identity-names";
import type { CapturedResource } from "./captured-resource";
import { SECRET_SIG, SECRET_VALUE_SIG, isObject } from "./wire";

/** What a secret value is shown as, everywhere: the text `pulumi policy analyze` gives a secret it cannot read. */
export const REDACTED = "[secret]";

/** The value a secure (encrypted) config entry gets offline, where it cannot be decrypted: a stand-in, not a secret. */
export const SECRET_CONFIG_PLACEHOLDER = "ses-guard-offline-secret";

/** Secrets shorter than this are replaced only where they stand apart from letters and digits. */
const SHORT_SECRET = 8;

/** How deep secret values are looked for: deeper data is not a resource property any provider takes. */
const MAX_DEPTH = 64;

/**
 * The secret values ses-guard knows of, and the text and data it prints with each of them replaced by
 * {@link REDACTED}. Strings are matched as they occur inside longer text (`_dmarc.<secret domain>`), the longest
 * first and in any letter case (DNS names are compared, and so often printed, in lower case); one shorter than 8
 * characters only where no letter or digit touches it. A secret number or boolean is left alone (as text it would hide every digit or
 * word like it).
 */
export class SecretValues {
    private readonly values = new Set<string>();
    private pattern: RegExp | undefined;

    /** True when no secret value is known. */
    get empty(): boolean {
        return this.values.size === 0;
    }

    /** The secret strings, each once. */
    list(): string[] {
        return [...this.values];
    }

    /**
     * Adds one secret string (not the empty string, the placeholder or the redaction itself, which hide nothing), and
     * the ASCII (punycode) form of a secret name in Unicode, which the policies name it by.
     */
    add(value: string): void {
        if (value === "" || value === REDACTED || value === SECRET_CONFIG_PLACEHOLDER || this.values.has(value)) return;
        this.values.add(value);
        const ascii = asciiIdentityName(value);
        if (ascii !== value) this.values.add(ascii);
        this.pattern = undefined;
    }

    /** Adds every string inside a secret envelope of wire-form `data` (inputs, outputs, provider properties). */
    addWire(data: unknown): void {
        this.collect(data, false, 0);
    }

    /** Adds the secret values of resources: inside secret envelopes of their inputs, outputs and providers' inputs. */
    addResources(resources: readonly CapturedResource[]): void {
        for (const r of resources) {
            this.addWire(r.inputs);
            this.addWire(r.outputs);
            if (r.provider !== undefined) this.addWire(r.provider.properties);
        }
    }

    /** Adds every string of a value that is secret as a whole (a secret config value: the string and what its JSON holds). */
    addSecret(value: unknown): void {
        if (typeof value === "string") {
            this.add(value);
            const trimmed = value.trim();
            if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
                try {
                    this.collect(JSON.parse(trimmed), true, 0);
                } catch {
                    // Not JSON: the string itself is the secret.
                }
            }
            return;
        }
        this.collect(value, true, 0);
    }

    /** Adds the values of the secret keys of stack config (`namespace:key` to string). */
    addConfig(config: Readonly<Record<string, string>>, secretKeys: readonly string[]): void {
        for (const key of secretKeys) if (Object.prototype.hasOwnProperty.call(config, key)) this.addSecret(config[key]);
    }

    /** Adds every value another set knows. */
    addAll(other: SecretValues): void {
        for (const v of other.values) this.add(v);
    }

    /** True when `text` holds a secret value. */
    occursIn(text: string): boolean {
        const pattern = this.compiled();
        if (pattern === undefined) return false;
        pattern.lastIndex = 0;
        return pattern.test(text);
    }

    /** `text` with every secret value in it replaced by {@link REDACTED}. */
    redact(text: string): string {
        const pattern = this.compiled();
        return pattern === undefined ? text : text.replace(pattern, REDACTED);
    }

    /**
     * `data` (JSON: a report) with every secret value in its strings replaced, and the JSON paths of the strings
     * that show a redacted value (`stacks[0].violations[2].message`): replaced here, or already `[secret]` where
     * they came from (a policy pack's message, an export's undecryptable secret), for the report to say so.
     */
    redactJson<T>(data: T): { value: T; redacted: string[] } {
        const redacted: string[] = [];
        const walk = (v: unknown, at: string, depth: number): unknown => {
            if (typeof v === "string") {
                const shown = this.redact(v);
                if (shown.includes(REDACTED)) redacted.push(at === "" ? "$" : at);
                return shown;
            }
            if (depth > MAX_DEPTH || typeof v !== "object" || v === null) return v;
            if (Array.isArray(v)) return v.map((e, i) => walk(e, `${at}[${i}]`, depth + 1));
            const out: Record<string, unknown> = {};
            for (const [k, e] of Object.entries(v))
                out[k] = walk(e, /^[A-Za-z_$][\w$]*$/.test(k) ? (at === "" ? k : `${at}.${k}`) : `${at}[${JSON.stringify(k)}]`, depth + 1);
            return out;
        };
        return { value: walk(data, "", 0) as T, redacted };
    }

    private collect(v: unknown, inSecret: boolean, depth: number): void {
        if (depth > MAX_DEPTH) return;
        if (typeof v === "string") {
            if (inSecret) this.add(v);
        } else if (Array.isArray(v)) {
            for (const e of v) this.collect(e, inSecret, depth + 1);
        } else if (isObject(v)) {
            const envelope = v[SECRET_SIG] === SECRET_VALUE_SIG;
            // An exported secret (`pulumi stack export --show-secrets`) holds its value JSON-encoded in `plaintext`.
            if (envelope && typeof v.plaintext === "string") this.collect(parsedOrSelf(v.plaintext), true, depth + 1);
            for (const k of Object.keys(v)) if (k !== SECRET_SIG) this.collect(v[k], inSecret || envelope, depth + 1);
        }
    }

    private compiled(): RegExp | undefined {
        if (this.values.size === 0) return undefined;
        // A short secret (under 8 characters: a tag like "mail") is matched only where no letter, digit or underscore
        // touches it, not inside every longer word ("Email"); a longer one wherever it occurs.
        this.pattern ??= new RegExp(
            [...this.values]
                .sort((a, b) => b.length - a.length)
                .map((v) => {
                    const escaped = escapeRegExp(v);
                    return v.length < SHORT_SECRET ? `(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])` : escaped;
                })
                .join("|"),
            "gi",
        );
        return this.pattern;
    }
}

/** `text` parsed as JSON, or `text` itself when it is not JSON. */
function parsedOrSelf(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
