/**
 * The one guarded way policies read resource properties. @pulumi/policy hands policies property objects
 * wrapped in proxies that throw `UnknownValueError` when a value unknown during preview is read, and one
 * such throw replaces the whole policy's result by an advisory note. So no policy reads `props` directly:
 * {@link plainProps} takes the raw data from behind the proxies once (without reading any property), and
 * the readers below walk that data, turning unknowns into {@link UNKNOWN} and wrong shapes into `undefined`.
 */
import { types } from "node:util";
import { Secret } from "@pulumi/policy";
import { UNKNOWN as UNKNOWN_WIRE } from "../../state/wire";

/** A value that is not known yet: a computed output during preview. */
export const UNKNOWN: unique symbol = Symbol("unknown");

/** The type of {@link UNKNOWN}. */
export type Unknown = typeof UNKNOWN;

/** What a reader returns: the value, {@link UNKNOWN} during preview, or `undefined` when absent or of another shape. */
export type Read<T> = T | Unknown | undefined;

/**
 * The sentinels @pulumi/policy (and the engine, on the wire) use for unknown values, one per type. The engine
 * sends the string one for every computed output; the others are accepted alike.
 */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    UNKNOWN_WIRE,
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** The key @pulumi/policy's proxies answer with their target, without any check. */
const PROXY_TARGET_KEY = "__getSpecialProxyTarget";

/** The key @pulumi/policy's proxies answer `true` to; its serializer unwraps any object that has it. */
const PROXY_MARKER_KEY = "__isSpecialProxy";

/** The lengths of the sentinels (all UUIDs): a string of another length is not one, and is not hashed to find that out. */
const SENTINEL_LENGTHS: ReadonlySet<number> = new Set([...UNKNOWN_SENTINELS].map((s) => s.length));

/** True when `value` is one of the unknown-value sentinels. */
function isUnknownSentinel(value: unknown): boolean {
    return typeof value === "string" && SENTINEL_LENGTHS.has(value.length) && UNKNOWN_SENTINELS.has(value);
}

/** True when a read value is known (neither {@link UNKNOWN} nor absent). */
export function isKnown<T>(value: Read<T>): value is T {
    return value !== UNKNOWN && value !== undefined;
}

/**
 * The plain data behind a value handed out by @pulumi/policy: proxies are unwrapped through their target key
 * (the only property read on them) and remediation's `Secret` wrappers are opened. Sentinel strings stay as
 * they are; the readers below recognise them.
 */
export function plain(value: unknown): unknown {
    let v = value;
    for (let depth = 0; depth < 8; depth++) {
        // Most values read are strings; only objects can be proxies or Secrets.
        if (typeof v !== "object" || v === null) return v;
        if (types.isProxy(v)) {
            v = (v as Record<string, unknown>)[PROXY_TARGET_KEY];
        } else if (v instanceof Secret) {
            v = v.value;
        } else {
            return v;
        }
    }
    return undefined;
}

/** The raw property bag of a resource (or provider) as plain data, or `{}` when it is not an object. */
export function plainProps(props: unknown): Record<string, unknown> {
    const p = plain(props);
    return typeof p === "object" && p !== null && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}

/** The value at `path` below `root`: {@link UNKNOWN} when an unknown is met on the way, `undefined` when absent. */
export function valueAt(root: unknown, ...path: (string | number)[]): unknown {
    return valueAtPath(root, path);
}

/** {@link valueAt} with the path as one array: the readers below pass theirs on without spreading it again. */
function valueAtPath(root: unknown, path: readonly (string | number)[]): unknown {
    let current = plain(root);
    for (const key of path) {
        if (isUnknownSentinel(current)) return UNKNOWN;
        if (Array.isArray(current)) {
            if (typeof key !== "number" || key < 0 || key >= current.length) return undefined;
            current = plain(current[key]);
        } else if (typeof current === "object" && current !== null && typeof key === "string") {
            if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
            current = plain((current as Record<string, unknown>)[key]);
        } else {
            return undefined;
        }
    }
    return isUnknownSentinel(current) ? UNKNOWN : current;
}

/**
 * A property value the caller took from plain data itself (`props.name`, for a fixed key that is no property of
 * `Object.prototype`), as {@link valueAt} would give it: plain, {@link UNKNOWN} for a sentinel. The readers named
 * `...Of` take such values: a named read is much cheaper than `...At`'s keyed one where a large stack's every
 * record is read.
 */
export function valueOf(raw: unknown): unknown {
    const v = plain(raw);
    return isUnknownSentinel(v) ? UNKNOWN : v;
}

function asString(v: unknown): Read<string> {
    return v === UNKNOWN || typeof v === "string" ? v : undefined;
}

/** A string at `path`: the string, {@link UNKNOWN}, or `undefined` when absent or not a string. */
export function stringAt(root: unknown, ...path: (string | number)[]): Read<string> {
    return asString(valueAtPath(root, path));
}

/** {@link stringAt} of a value already taken from its object (see {@link valueOf}). */
export function stringOf(raw: unknown): Read<string> {
    return asString(valueOf(raw));
}

/** A non-empty string at `path` (an empty string reads as absent). */
export function nonEmptyStringAt(root: unknown, ...path: (string | number)[]): Read<string> {
    const v = asString(valueAtPath(root, path));
    return v === "" ? undefined : v;
}

/** {@link nonEmptyStringAt} of a value already taken from its object (see {@link valueOf}). */
export function nonEmptyStringOf(raw: unknown): Read<string> {
    const v = stringOf(raw);
    return v === "" ? undefined : v;
}

/** A number at `path` (numeric strings are accepted, as providers sometimes write them). */
export function numberAt(root: unknown, ...path: (string | number)[]): Read<number> {
    const v = valueAtPath(root, path);
    if (v === UNKNOWN || (typeof v === "number" && Number.isFinite(v))) return v;
    if (typeof v === "string" && /^\s*\d+(\.\d+)?\s*$/.test(v)) return Number(v);
    return undefined;
}

/** A boolean at `path` (`"true"` and `"false"` are accepted). */
export function booleanAt(root: unknown, ...path: (string | number)[]): Read<boolean> {
    const v = valueAtPath(root, path);
    if (v === UNKNOWN || typeof v === "boolean") return v;
    if (v === "true" || v === "false") return v === "true";
    return undefined;
}

/** An object at `path`, as plain data. */
export function objectAt(root: unknown, ...path: (string | number)[]): Read<Record<string, unknown>> {
    const v = valueAtPath(root, path);
    if (v === UNKNOWN) return UNKNOWN;
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * The strings of a list at `path`: each element a string or {@link UNKNOWN} (other elements are dropped);
 * {@link UNKNOWN} when the whole list is unknown; a single string reads as a list of one.
 */
export function stringsAt(root: unknown, ...path: (string | number)[]): Read<(string | Unknown)[]> {
    return asStrings(valueAtPath(root, path));
}

/** {@link stringsAt} of a value already taken from its object (see {@link valueOf}). */
export function stringsOf(raw: unknown): Read<(string | Unknown)[]> {
    return asStrings(valueOf(raw));
}

function asStrings(v: unknown): Read<(string | Unknown)[]> {
    if (v === UNKNOWN) return UNKNOWN;
    if (typeof v === "string") return [v];
    if (!Array.isArray(v)) return undefined;
    const out: (string | Unknown)[] = [];
    for (const element of v) {
        const e = plain(element);
        if (isUnknownSentinel(e)) out.push(UNKNOWN);
        else if (typeof e === "string") out.push(e);
    }
    return out;
}

/** The known strings of a list read by {@link stringsAt}, and whether any element (or the list) is unknown. */
export function knownStrings(list: Read<(string | Unknown)[]>): { values: readonly string[]; anyUnknown: boolean } {
    if (list === UNKNOWN) return { values: [], anyUnknown: true };
    if (list === undefined) return { values: [], anyUnknown: false };
    // A list with nothing unknown (most of them) is its own known values: no copy is made of it.
    if (!list.includes(UNKNOWN)) return { values: list as readonly string[], anyUnknown: false };
    const values = list.filter((v): v is string => v !== UNKNOWN);
    return { values, anyUnknown: values.length !== list.length };
}

/** True when a resource's top-level properties hold a value unknown during preview. */
export function hasUnknownProperty(props: unknown): boolean {
    const p = plainProps(props);
    for (const key of Object.keys(p)) if (isUnknownSentinel(plain(p[key]))) return true;
    return false;
}

/** How a read value is shown in a message: the value quoted, `(unknown until the update)`, or `(not set)`. */
export function describeRead(value: Read<string>): string {
    if (value === UNKNOWN) return "(unknown until the update)";
    if (value === undefined) return "(not set)";
    return `'${value}'`;
}

/**
 * True when plain data holds an object with a property named like @pulumi/policy's proxy keys. Its
 * serializer would mistake such an object for a proxy and drop or replace it, so a remediation must not
 * hand such data back.
 */
export function hasProxyKeys(value: unknown, depth = 0): boolean {
    const v = plain(value);
    if (depth > 64 || typeof v !== "object" || v === null) return false;
    if (Array.isArray(v)) return v.some((e) => hasProxyKeys(e, depth + 1));
    const o = v as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(o, PROXY_MARKER_KEY) || Object.prototype.hasOwnProperty.call(o, PROXY_TARGET_KEY)) return true;
    return Object.keys(o).some((k) => hasProxyKeys(o[k], depth + 1));
}
