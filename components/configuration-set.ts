/**
 * The default configuration set of an identity: an existing set by name, or one created with safe
 * defaults (TLS required, reputation metrics on, bounces and complaints suppressed).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblem } from "./argument-error";
import { applyTransform, Transform } from "./transform";

/** Reasons SES's suppression list can hold an address for. */
export type SuppressionReason = "BOUNCE" | "COMPLAINT";

/** Settings of the configuration set a component creates. */
export interface ConfigurationSetOptions {
    /** The set's name (letters, digits, `-`, `_`; at most 64). @default `<component name>-<stack>` */
    name?: string;
    /** Whether SES must deliver over TLS. @default "REQUIRE" */
    tlsPolicy?: "REQUIRE" | "OPTIONAL";
    /** Publish reputation metrics (bounce and complaint rates) to CloudWatch. @default true */
    reputationMetrics?: boolean;
    /** Put addresses on the suppression list for these reasons. @default ["BOUNCE", "COMPLAINT"] */
    suppressedReasons?: SuppressionReason[];
    /** Send through this dedicated IP pool. @default SES's shared pool */
    sendingPoolName?: string;
}

/**
 * An identity's default configuration set: the name of an existing set (a string, or an output such as
 * another component's `configurationSetName`; one that resolves to undefined means none), settings for a
 * set to create, or `false` for none.
 */
export type ConfigurationSetChoice = string | pulumi.Output<string | undefined> | Promise<string> | ConfigurationSetOptions | false;

/** The safe defaults of a created configuration set. */
export const CONFIGURATION_SET_DEFAULTS = {
    tlsPolicy: "REQUIRE",
    reputationMetrics: true,
    suppressedReasons: ["BOUNCE", "COMPLAINT"] as SuppressionReason[],
} as const;

const SET_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The name a created configuration set gets by default: `<component>-<stack>`, cut to SES's 64 characters. */
export function defaultConfigurationSetName(component: string, stack: string): string {
    return `${component}-${stack}`.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 64);
}

/** Why `choice` (given as `field`) cannot be a configuration set, or undefined. */
export function configurationSetProblem(field: string, choice: ConfigurationSetChoice | undefined): ArgumentProblem | undefined {
    if (choice === undefined || choice === false || pulumi.Output.isInstance(choice) || isPromise(choice)) return undefined;
    if (typeof choice === "string") return nameProblem(field, choice);
    if (typeof choice !== "object" || choice === null) {
        return {
            field,
            value: choice,
            problem: "is not a set name, settings or false",
            fix: "Give an existing set's name, settings for a new set ({}), or false.",
        };
    }
    if (choice.name !== undefined) {
        const bad = nameProblem(`${field}.name`, choice.name);
        if (bad !== undefined) return bad;
    }
    if (choice.tlsPolicy !== undefined && choice.tlsPolicy !== "REQUIRE" && choice.tlsPolicy !== "OPTIONAL") {
        return { field: `${field}.tlsPolicy`, value: choice.tlsPolicy, problem: "is not REQUIRE or OPTIONAL", fix: 'Use "REQUIRE" (the default).' };
    }
    const reasons = choice.suppressedReasons ?? [];
    const badReason = reasons.find((r) => r !== "BOUNCE" && r !== "COMPLAINT");
    if (badReason !== undefined) {
        return { field: `${field}.suppressedReasons`, value: choice.suppressedReasons, problem: `holds "${badReason}"`, fix: "Use BOUNCE and/or COMPLAINT." };
    }
    return undefined;
}

function nameProblem(field: string, name: string): ArgumentProblem | undefined {
    if (SET_NAME.test(name)) return undefined;
    return { field, value: name, problem: "is not a configuration set name", fix: "Use 1-64 letters, digits, '-' or '_'." };
}

function isPromise(value: unknown): value is Promise<unknown> {
    return typeof (value as Promise<unknown> | undefined)?.then === "function";
}

/** What declaring a component's configuration set gives back. */
export interface DeclaredConfigurationSet {
    /** The created set, when the component created one. */
    resource?: aws.sesv2.ConfigurationSet;
    /** The name to set as the identity's default configuration set; undefined for none. */
    name?: pulumi.Output<string | undefined>;
}

/** Where a component declares its configuration set. */
export interface ConfigurationSetContext {
    /** The component, parent of the created set. */
    parent: pulumi.Resource;
    /** The component's name; the set resource is `<name>-config-set`. */
    componentName: string;
    /** The region passed to the set. */
    region: pulumi.Input<string>;
    /** Tags for the created set. */
    tags?: Record<string, string>;
    /** Adjusts the created set's arguments or options. */
    transform?: Transform<aws.sesv2.ConfigurationSetArgs>;
}

/** Takes the existing set, creates one with safe defaults, or none, as `choice` (default: create) says. */
export function declareConfigurationSet(choice: ConfigurationSetChoice | undefined, context: ConfigurationSetContext): DeclaredConfigurationSet {
    if (choice === false) return {};
    if (typeof choice === "string" || pulumi.Output.isInstance(choice) || isPromise(choice)) return { name: pulumi.output<string | undefined>(choice) };
    const settings: ConfigurationSetOptions = choice ?? {};
    const resourceName = `${context.componentName}-config-set`;
    const setArgs: aws.sesv2.ConfigurationSetArgs = {
        configurationSetName: settings.name ?? defaultConfigurationSetName(context.componentName, pulumi.getStack()),
        region: context.region,
        deliveryOptions: {
            tlsPolicy: settings.tlsPolicy ?? CONFIGURATION_SET_DEFAULTS.tlsPolicy,
            sendingPoolName: settings.sendingPoolName,
        },
        reputationOptions: { reputationMetricsEnabled: settings.reputationMetrics ?? CONFIGURATION_SET_DEFAULTS.reputationMetrics },
        sendingOptions: { sendingEnabled: true },
        suppressionOptions: { suppressedReasons: settings.suppressedReasons ?? CONFIGURATION_SET_DEFAULTS.suppressedReasons },
        tags: context.tags,
    };
    const setOpts: pulumi.CustomResourceOptions = { parent: context.parent };
    const [args, opts] = applyTransform(context.transform, resourceName, setArgs, setOpts);
    const resource = new aws.sesv2.ConfigurationSet(resourceName, args, opts);
    return { resource, name: resource.configurationSetName };
}
