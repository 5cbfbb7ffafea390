/**
 * Command-line parsing shared by every subcommand: node's parseArgs, with its errors turned into usage errors that
 * point at the command's --help, and a negative number after a flag (`--wait -1`) read as that flag's value so the
 * flag's own check can say what is wrong with it.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./usage-error";

/** A command's option table, in node's parseArgs form. */
export type OptionTable = NonNullable<ParseArgsConfig["options"]>;

/** What parseArgs returns for a command with option table `O` and positional arguments. */
export type ParsedCommandLine<O extends OptionTable> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>>;

/**
 * `argv` with `--flag -1` joined to `--flag=-1` for flags that take a value: parseArgs refuses a value that starts
 * with a dash as "ambiguous", which tells a user who typed a negative number nothing about the number.
 */
function joinNegativeValues(argv: string[], options: OptionTable): string[] {
    const out: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const next = argv[i + 1];
        const name = arg.startsWith("--") ? arg.slice(2) : undefined;
        if (name !== undefined && options[name]?.type === "string" && next !== undefined && /^-\d|^-\.\d/.test(next)) {
            out.push(`${arg}=${next}`);
            i++;
        } else {
            out.push(arg);
        }
        if (arg === "--") {
            out.push(...argv.slice(i + 1));
            break;
        }
    }
    return out;
}

/** Parses `argv` with node's parseArgs, turning its errors into usage errors that point at `--help`. */
export function parseCommandLine<O extends OptionTable>(argv: string[], options: O, command: string): ParsedCommandLine<O> {
    try {
        return parseArgs({ args: joinNegativeValues(argv, options), allowPositionals: true, strict: true, options });
    } catch (err) {
        throw new UsageError(`${command}: ${(err as Error).message} (see ses-guard ${command} --help)`);
    }
}
