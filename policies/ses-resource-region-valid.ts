/**
 * ses-resource-region-valid (resource policy, mandatory).
 *
 * An SES resource that sets its own `region` input (every regional resource of AWS provider 7 takes one) names an
 * AWS region, such as `eu-west-1`: the provider sends the resource's API calls to that region's SES endpoint
 * (`email.<region>.amazonaws.com`), and a region that does not exist (`mars-north-1`) fails the deploy. It is the
 * per-resource twin of the stack's `aws:region` config, which `ses-guard preview` refuses when it is not a region.
 * A resource that sets none goes to its provider's `region`, which is judged the same way (an explicit
 * `new aws.Provider` takes no `aws:region` config, so nothing else checks it). A region unknown during preview
 * (computed from another resource) is not judged.
 *
 * AWS provider docs: https://www.pulumi.com/registry/packages/aws/api-docs/sesv2/emailidentity/#region_nodejs;
 * SES endpoints: https://docs.aws.amazon.com/general/latest/gr/ses.html
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { shownName } from "./stack/identities";
import { invalidRegion, isDefaultProvider } from "./stack/region";

/** The policy's name. */
export const RESOURCE_REGION_VALID = "ses-resource-region-valid";

/** True for the resource types of SES v1 (`aws:ses/...`) and v2 (`aws:sesv2/...`). */
function isSesType(type: string): boolean {
    return type.startsWith("aws:ses/") || type.startsWith("aws:sesv2/");
}

/** Every SES resource's own region input is an AWS region name. */
export const sesResourceRegionValid: ResourceValidationPolicy = {
    name: RESOURCE_REGION_VALID,
    description:
        "Every SES resource's region, its own region input or else its provider's, is an AWS region name (like eu-west-1), since its API calls go to that region's SES endpoint.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!isSesType(args.type)) return;
        const invalid = invalidRegion(args);
        if (invalid === undefined) return;
        const region = shownName(invalid.region);
        if (invalid.setBy === "input") {
            reportViolation(
                `${args.type} '${args.name}': its region input "${region}" is not an AWS region name, so the deploy cannot reach SES there; ` +
                    "give one like eu-west-1, or leave region out to use its provider's region.",
            );
            return;
        }
        // The default provider's region is the stack's aws:region config, set where the user sets config.
        if (args.provider !== undefined && isDefaultProvider(args.provider)) {
            reportViolation(
                `${args.type} '${args.name}': the stack's aws:region config "${region}", the region of its default provider, is not an AWS region name, ` +
                    "so the deploy cannot reach SES there; set one like eu-west-1 (pulumi config set aws:region eu-west-1), or give the resource a region input of its own.",
            );
            return;
        }
        reportViolation(
            `${args.type} '${args.name}': the region "${region}" of its provider '${shownName(args.provider?.name ?? "")}' is not an AWS region name, ` +
                "so the deploy cannot reach SES there; give the provider one like eu-west-1, or give the resource a region input of its own.",
        );
    },
};
