/** URNs and type tokens: which part of a URN is what. */
import { PROVIDER_TYPE_PREFIX } from "./resource-types";

/** True when `type` is a provider resource type (`pulumi:providers:<package>`). */
export function isProviderType(type: string): boolean {
    return type.startsWith(PROVIDER_TYPE_PREFIX);
}

/** The name part of a URN (everything after the last `::`). */
export function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/** The type part of a URN: the last `$`-separated segment of its qualified type. */
export function urnType(urn: string): string {
    const parts = urn.split("::");
    return (parts[2] ?? "").split("$").pop() ?? "";
}
