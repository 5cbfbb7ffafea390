/**
 * Which AWS region a component's SES resources live in. The components pass it explicitly as the
 * `region` input of every sesv2 resource (@pulumi/aws v7 per-resource region), so the region is visible in
 * each resource's inputs, for `pulumi preview` and the policy pack alike.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isRegionName } from "../records";
import { ArgumentProblem } from "./argument-error";

/** The type token used to find the aws provider a component's children inherit. */
const SES_TYPE = "aws:sesv2/emailIdentity:EmailIdentity";

/** Why an explicitly given region (argument or `aws:region` config) cannot be used, or undefined. */
export function regionProblem(field: string, region: string | undefined): ArgumentProblem | undefined {
    if (region === undefined || isRegionName(region)) return undefined;
    return { field, value: region, problem: "is not an AWS region name", fix: 'Give a region such as "eu-west-1".' };
}

/**
 * The region of `component`'s SES resources: `explicit` when given; else the region of the aws provider
 * it was given (`opts.provider` / `opts.providers`), falling back to that provider's default region; else
 * the `aws:region` stack config; else the default provider's region (`aws.getRegion`).
 */
export function resolveRegion(component: pulumi.Resource, explicit: string | undefined): pulumi.Input<string> {
    if (explicit !== undefined) return explicit;
    const configured = new pulumi.Config("aws").get("region");
    const provider = component.getProvider(SES_TYPE);
    if (provider !== undefined && aws.Provider.isInstance(provider)) {
        return provider.region.apply((region) => (region !== undefined ? pulumi.output(region) : lookupRegion(component)));
    }
    return configured ?? lookupRegion(component);
}

function lookupRegion(component: pulumi.Resource): pulumi.Output<string> {
    return aws.getRegionOutput({}, { parent: component }).region;
}
