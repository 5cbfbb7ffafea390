/** How the engine writes values a program does not know yet, and secrets, on the wire and in state. */

/** The wire form of a value not yet known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The key that marks a secret envelope `{[SECRET_SIG]: SECRET_VALUE_SIG, value}` on the wire. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The signature value of a secret envelope. */
export const SECRET_VALUE_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** True for a plain object (not null, not an array): a wire-form map. */
export function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}
