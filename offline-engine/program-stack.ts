/**
 * The stack a program directory is previewed as: its project, the stack name and the stack's config
 * (Pulumi.yaml's project config, overlaid by `Pulumi.<stack>.yaml`, overlaid by `--config` values), as the program and the policy pack both receive it.
 */
import * as path from "node:path";
import { isRegionName } from "../records";
import { ProjectError, qualifyConfigKey, readProject, readStackConfig, type ProjectFile } from "./program-dir";

/** One stack of one project directory. */
export interface ProgramStack {
    /** The absolute project directory. */
    root: string;
    project: ProjectFile;
    stack: string;
    /** `namespace:key` to string value. */
    config: Record<string, string>;
    /** Which config keys hold (undecryptable, placeholder) secrets. */
    secretKeys: string[];
    /** Every config key whose value is secret (encrypted or typed `secret: true`), also when `--config` gives its value. */
    secretConfigKeys: string[];
    /** Pulumi ESC environments the stack file imports, which cannot be opened offline. */
    environments?: string[];
}

/** The stack `options.stack` (default `dev`) of the project in `dir`, with `options.config` overlaid. */
export function programStack(dir: string, options: { stack?: string; config?: Record<string, string> }): ProgramStack {
    const root = path.resolve(dir);
    const project = readProject(root);
    const stack = stackName(options.stack ?? "dev");
    // A stack named on the command line must have its file; the default `dev` may have none.
    const stackConfig = readStackConfig(root, project.name, stack, { required: options.stack !== undefined, projectConfig: project.config });
    const config = { ...stackConfig.values };
    for (const [k, v] of Object.entries(options.config ?? {})) config[qualifyConfigKey(k, project.name)] = v;
    const secretKeys = stackConfig.secretKeys.filter((k) => !(k in (options.config ?? {})));
    const secretConfigKeys = stackConfig.secretKeys;
    // The components refuse such a region themselves; raw resources would take it without a word, and the pack
    // would leave every region-dependent record open.
    const region = config["aws:region"];
    if (region !== undefined && !secretKeys.includes("aws:region") && !isRegionName(region)) {
        const from = Object.keys(options.config ?? {}).some((k) => qualifyConfigKey(k, project.name) === "aws:region") ? "--config" : `Pulumi.${stack}.yaml`;
        throw new ProjectError(`aws:region ${JSON.stringify(region)} (${from} of ${dir}): not an AWS region name; give one like eu-west-1`);
    }
    return {
        root,
        project,
        stack,
        config,
        secretKeys,
        secretConfigKeys,
        ...(stackConfig.environments !== undefined ? { environments: stackConfig.environments } : {}),
    };
}

/**
 * The stack's own name in a `--stack` value: `dev`, `acme/dev` or `acme/app/dev` (how the Pulumi CLI and
 * pulumi/actions name stacks) all name stack `dev`, whose config file is `Pulumi.dev.yaml`, as the CLI reads it.
 */
export function stackName(value: string): string {
    const parts = value.split("/");
    const name = parts[parts.length - 1];
    if (parts.length > 3 || parts.some((p) => p.trim() === "") || !/^[A-Za-z0-9_.-]+$/.test(name)) {
        throw new ProjectError(
            `--stack ${JSON.stringify(value)}: not a stack name; give STACK, ORG/STACK or ORG/PROJECT/STACK (letters, digits, '-', '_', '.'), e.g. --stack dev`,
        );
    }
    return name;
}
