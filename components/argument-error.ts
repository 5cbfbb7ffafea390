/**
 * The error every component throws for bad arguments, before it creates any resource: it names the
 * component, the argument, the offending value, what is wrong and what to do.
 */
import { asciiIdentityName } from "../records";

/** One problem with one argument, before it is tied to a component. */
export interface ArgumentProblem {
    /** The argument's path, e.g. `args.mailFrom.domain`. */
    field: string;
    /** The offending value as the user gave it; omit it for secrets. */
    value?: unknown;
    /** A name given in Unicode: the ASCII (punycode) form SES takes, shown after the value. */
    ascii?: string;
    /** What is wrong, e.g. `is not a subdomain of "example.com"`. */
    problem: string;
    /** What to do about it. */
    fix: string;
}

/** A component argument that cannot work, reported at construction. */
export class ComponentArgumentError extends Error {
    /** The argument's path, e.g. `args.mailFrom.domain`. */
    readonly field: string;

    constructor(component: string, problem: ArgumentProblem) {
        const ascii = problem.ascii !== undefined ? ` (${problem.ascii})` : "";
        const shown = "value" in problem ? ` ${describeValue(problem.value)}${ascii}` : "";
        super(`${component}: ${problem.field}${shown} ${problem.problem}. ${problem.fix}`);
        this.name = "ComponentArgumentError";
        this.field = problem.field;
    }
}

function describeValue(value: unknown): string {
    if (typeof value === "string") return JSON.stringify(value);
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}

/** Throws the first problem found, as a {@link ComponentArgumentError} of `component`. */
export function throwFirstProblem(component: string, problems: Iterable<ArgumentProblem | undefined>): void {
    for (const problem of problems) {
        if (problem !== undefined) throw new ComponentArgumentError(component, problem);
    }
}

/** The ASCII form of a name given in Unicode, for {@link ArgumentProblem.ascii}; undefined when it is the name itself. */
export function asciiFormOf(given: unknown): string | undefined {
    if (typeof given !== "string") return undefined;
    const ascii = asciiIdentityName(given);
    return ascii === given ? undefined : ascii;
}
