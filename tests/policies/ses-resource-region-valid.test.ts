import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-resource-region-valid";

// AWS provider 7 takes a `region` input on every regional resource, and sends its calls to that region's SES
// endpoint (https://www.pulumi.com/registry/packages/aws/api-docs/sesv2/emailidentity/#region_nodejs,
// https://docs.aws.amazon.com/general/latest/gr/ses.html): a name that is no region fails the deploy.
describe(`policies: ${POLICY}`, () => {
    const pack = usePack();

    for (const { preview, label } of MODES) {
        describe(label, () => {
            it("fails a raw SES resource whose own region input is not a region, naming the resource, the input and what to do", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("books", { emailIdentity: "example.com", region: "mars-north-1" });
                    new aws.ses.DomainIdentity("legacy", { domain: "example.org", region: "Ireland" });
                };
                const run = await runProgram(pack(), program, { preview });
                const messages = run.of(POLICY).map((d) => d.message.split("\n").at(-1));
                assert.deepEqual(
                    messages.sort(),
                    [
                        `aws:ses/domainIdentity:DomainIdentity 'legacy': its region input "Ireland" is not an AWS region name, so the deploy cannot reach SES there; give one like eu-west-1, or leave region out to use its provider's region.`,
                        `aws:sesv2/emailIdentity:EmailIdentity 'books': its region input "mars-north-1" is not an AWS region name, so the deploy cannot reach SES there; give one like eu-west-1, or leave region out to use its provider's region.`,
                    ],
                    show(run.of(POLICY)),
                );
                assert.ok(run.of(POLICY).every((d) => d.enforcementLevel === "mandatory"));
            });

            it("passes a valid region input and a resource with none", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("books", { emailIdentity: "example.com", region: "eu-south-1" });
                    new aws.sesv2.ConfigurationSet("set", { configurationSetName: "tx" });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("leaves the region of such a resource open elsewhere, instead of expecting records of a region that does not exist", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("books", { emailIdentity: "example.com", region: "mars-north-1" });
                    new aws.sesv2.EmailIdentityMailFromAttributes("mail-from", {
                        emailIdentity: "example.com",
                        mailFromDomain: "bounce.example.com",
                        region: "mars-north-1",
                    });
                };
                const run = await runProgram(pack(), program, { preview });
                const [mx] = run.of("ses-mail-from-records");
                assert.ok(mx, show(run.diagnostics));
                assert.doesNotMatch(mx.message, /mars-north-1/);
                assert.match(mx.message, /its region input is not an AWS region name, see ses-resource-region-valid/);
                assert.match(mx.message, /feedback-smtp\.<region>\.amazonses\.com/);
            });

            it("fails an SES resource that takes its region from a provider whose region is not a region, naming the provider", async () => {
                const program = () => {
                    const mars = new aws.Provider("mars", { region: "mars-north-1" as aws.Region });
                    new aws.sesv2.EmailIdentity("books", { emailIdentity: "example.com" }, { provider: mars });
                    // Its own valid region input decides; a resource outside SES is not this policy's.
                    new aws.sesv2.ConfigurationSet("set", { configurationSetName: "tx", region: "eu-west-1" }, { provider: mars });
                    new aws.sns.Topic("bounces", {}, { provider: mars });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(
                    run.of(POLICY).map((d) => d.message.split("\n").at(-1)),
                    [
                        `aws:sesv2/emailIdentity:EmailIdentity 'books': the region "mars-north-1" of its provider 'mars' is not an AWS region name, so the deploy cannot reach SES there; give the provider one like eu-west-1, or give the resource a region input of its own.`,
                    ],
                    show(run.of(POLICY)),
                );
            });

            it("fails an SES resource of the default provider when the stack's aws:region is not a region, naming that config", async () => {
                const program = () => void new aws.sesv2.EmailIdentity("books", { emailIdentity: "example.com" });
                const run = await runProgram(pack(), program, { preview, stackConfig: { "aws:region": "mars-north-1" } });
                assert.deepEqual(
                    run.of(POLICY).map((d) => d.message.split("\n").at(-1)),
                    [
                        `aws:sesv2/emailIdentity:EmailIdentity 'books': the stack's aws:region config "mars-north-1", the region of its default provider, is not an AWS region name, so the deploy cannot reach SES there; set one like eu-west-1 (pulumi config set aws:region eu-west-1), or give the resource a region input of its own.`,
                    ],
                    show(run.of(POLICY)),
                );
            });

            it("leaves the region from such a provider open elsewhere too", async () => {
                const program = () => {
                    const mars = new aws.Provider("mars", { region: "mars-north-1" as aws.Region });
                    new aws.sesv2.EmailIdentity("books", { emailIdentity: "example.com" }, { provider: mars });
                    new aws.sesv2.EmailIdentityMailFromAttributes(
                        "mail-from",
                        { emailIdentity: "example.com", mailFromDomain: "bounce.example.com" },
                        { provider: mars },
                    );
                };
                const run = await runProgram(pack(), program, { preview });
                const [mx] = run.of("ses-mail-from-records");
                assert.ok(mx, show(run.diagnostics));
                assert.doesNotMatch(mx.message, /mars-north-1/);
                assert.match(mx.message, /its provider's region is not an AWS region name, see ses-resource-region-valid/);
            });
        });
    }

    it("update: shows a secret region of a provider as [secret]", async () => {
        const program = () => {
            const hidden = new aws.Provider("hidden", { region: pulumi.secret("mars-north-1" as aws.Region) });
            new aws.sesv2.EmailIdentity("books", { emailIdentity: "example.com" }, { provider: hidden });
        };
        const run = await runProgram(pack(), program, { preview: false });
        const [d, ...rest] = run.of(POLICY);
        assert.ok(d !== undefined && rest.length === 0, show(run.of(POLICY)));
        assert.match(d.message, /the region "\[secret\]" of its provider 'hidden'/);
        assert.ok(
            run.diagnostics.every((x) => !x.message.includes("mars-north-1")),
            show(run.diagnostics),
        );
    });

    it("preview: does not judge a provider's region unknown until the update, nor fall back past it", async () => {
        const program = () => {
            const set = new aws.sesv2.ConfigurationSet("set", { configurationSetName: "tx", region: "eu-west-1" });
            const computed = new aws.Provider("computed", { region: set.arn.apply((arn) => arn.split(":")[3] as aws.Region) });
            new aws.sesv2.EmailIdentity("books", { emailIdentity: "example.com" }, { provider: computed });
        };
        const run = await runProgram(pack(), program, { preview: true });
        assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
    });

    it("preview: does not judge a region input unknown until the update", async () => {
        const program = () => {
            const set = new aws.sesv2.ConfigurationSet("set", { configurationSetName: "tx", region: "eu-west-1" });
            new aws.sesv2.EmailIdentity("books", { emailIdentity: "example.com", region: set.arn.apply((arn) => arn.split(":")[3]) });
        };
        const run = await runProgram(pack(), program, { preview: true });
        assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
    });

    it("update: uses a resource's own valid region over its provider's for the records it expects", async () => {
        const program = () => {
            const identity = new aws.sesv2.EmailIdentity("books", { emailIdentity: "example.com", region: "eu-south-1" });
            const tokens = [0, 1, 2].map((i) => identity.dkimSigningAttributes.apply((a) => a?.tokens?.[i] ?? ""));
            tokens.forEach(
                (token, i) =>
                    new aws.route53.Record(`dkim-${i}`, {
                        zoneId: "Z1",
                        name: pulumi.interpolate`${token}._domainkey.example.com`,
                        type: "CNAME",
                        ttl: 1800,
                        records: [pulumi.interpolate`${token}.dkim.eu-south-1.amazonses.com`],
                    }),
            );
        };
        const run = await runProgram(pack(), program, { preview: false });
        assert.deepEqual([...run.of("ses-domain-identity-verified"), ...run.of("ses-dkim-record-values"), ...run.of(POLICY)], [], show(run.diagnostics));
    });
});
