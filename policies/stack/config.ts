/**
 * Reading a policy's config defensively: the engine fills `configSchema` defaults and validates types, but a
 * policy still gets `{}` when no config was sent, and must not trust shapes it did not check.
 */

/** A list of strings from `config[key]` (non-strings dropped), or `[]`. */
export function stringList(config: unknown, key: string): string[] {
    if (typeof config !== "object" || config === null) return [];
    const value = (config as Record<string, unknown>)[key];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v.trim() !== "") : [];
}

/** A non-empty string from `config[key]`, or undefined. */
export function stringOption(config: unknown, key: string): string | undefined {
    if (typeof config !== "object" || config === null) return undefined;
    const value = (config as Record<string, unknown>)[key];
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** The JSON Schema of a list of names or wildcard patterns, documented with `description`. */
export function namePatternListSchema(description: string): { type: "array"; items: { type: "string"; minLength: 1 }; default: string[]; description: string } {
    return { type: "array", items: { type: "string", minLength: 1 }, default: [], description };
}
