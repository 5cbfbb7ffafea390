/**
 * What both components do for their identity: check the arguments before anything is created, then resolve
 * the region, declare the default configuration set and the `aws.sesv2.EmailIdentity` (imported when asked).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblem, throwFirstProblem } from "./argument-error";
import { ConfigurationSetChoice, declareConfigurationSet } from "./configuration-set";
import { regionProblem, resolveRegion } from "./region";
import { applyTransform, Transform } from "./transform";

/** Throws the first of `problems`, then a stack `aws:region` config that is not a region, as `component`'s. */
export function checkIdentityArguments(component: string, problems: Iterable<ArgumentProblem | undefined>): void {
    throwFirstProblem(component, problems);
    throwFirstProblem(component, [regionProblem("aws:region (stack config)", new pulumi.Config("aws").get("region"))]);
}

/** The identity a component declares, from its arguments. */
export interface IdentityDeclaration {
    /** The domain or address. */
    emailIdentity: string;
    /** The region argument, when given. */
    region?: string;
    /** The configuration set argument. */
    configurationSet?: ConfigurationSetChoice;
    /** Tags for the identity and a created configuration set. */
    tags?: Record<string, string>;
    /** Import the identity by its name instead of creating it. */
    import?: boolean;
    /** Domains: how SES signs. */
    dkimSigningAttributes?: aws.types.input.sesv2.EmailIdentityDkimSigningAttributes;
    /** The hooks of the identity and of a created configuration set. */
    transform: { identity?: Transform<aws.sesv2.EmailIdentityArgs>; configurationSet?: Transform<aws.sesv2.ConfigurationSetArgs> };
}

/** What declaring the identity gives back. */
export interface DeclaredIdentity {
    /** The `aws.sesv2.EmailIdentity`. */
    identity: aws.sesv2.EmailIdentity;
    /** The identity's region (every sesv2 child takes it as its `region` input). */
    region: pulumi.Output<string>;
    /** The default configuration set's name; undefined for none. */
    configurationSetName: pulumi.Output<string | undefined>;
    /** The id to import the identity's children by (its name), when the identity is imported. */
    importId: string | undefined;
}

/** Declares the identity of `component` (named `name`) with its region and default configuration set. */
export function declareIdentity(component: pulumi.ComponentResource, name: string, declaration: IdentityDeclaration): DeclaredIdentity {
    const region = pulumi.output(resolveRegion(component, declaration.region));
    const configurationSet = declareConfigurationSet(declaration.configurationSet, {
        parent: component,
        componentName: name,
        region,
        tags: declaration.tags,
        transform: declaration.transform.configurationSet,
    });
    const importId = declaration.import === true ? declaration.emailIdentity : undefined;
    const signing = declaration.dkimSigningAttributes;
    const identityArgs: aws.sesv2.EmailIdentityArgs = {
        emailIdentity: declaration.emailIdentity,
        region,
        configurationSetName: configurationSet.name,
        ...(signing !== undefined ? { dkimSigningAttributes: signing } : {}),
        tags: declaration.tags,
    };
    const identityOpts: pulumi.CustomResourceOptions = { parent: component, import: importId };
    const [args, opts] = applyTransform(declaration.transform.identity, name, identityArgs, identityOpts);
    const identity = new aws.sesv2.EmailIdentity(name, args, opts);
    return { identity, region, configurationSetName: configurationSet.name ?? pulumi.output(undefined), importId };
}
