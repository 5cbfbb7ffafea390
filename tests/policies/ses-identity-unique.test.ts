import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-identity-unique";

describe(`policies: ${POLICY}`, () => {
    const pack = usePack();

    for (const { preview, label } of MODES) {
        describe(label, () => {
            // SES v2 CreateEmailIdentity answers AlreadyExistsException for an identity that exists
            // (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailIdentity.html); SES v1's
            // VerifyDomainIdentity is idempotent, so two resources share one identity and either's delete removes it.
            it("fails a copy of an identity made to read its token, naming both resources", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
                    new aws.sesv2.EmailIdentity("identity-copy", { emailIdentity: "Example.com." });
                    new aws.ses.DomainIdentity("a", { domain: "mail.example.com" });
                    new aws.ses.DomainIdentity("b", { domain: "mail.example.com" });
                };
                const run = await runProgram(pack(), program, { preview });
                const found = run.of(POLICY);
                assert.equal(found.length, 2, show(found));
                assert.ok(found.every((d) => d.enforcementLevel === "mandatory"));
                const copy = found.find((d) => d.urn.endsWith("::identity-copy"));
                assert.match(
                    copy?.message ?? "",
                    /resource 'identity-copy'\) declares the same identity as resource 'identity' \(both SES v2, region eu-west-1/,
                );
                assert.match(
                    found.find((d) => d.urn.endsWith("::b"))?.message ?? "",
                    /resource 'a'.*deleting either resource deletes mail\.example\.com for both/s,
                );
            });

            it("passes the same name in two regions, and an address next to its domain", async () => {
                const program = () => {
                    const us = new aws.Provider("us", { region: "us-east-1" });
                    new aws.sesv2.EmailIdentity("eu", { emailIdentity: "example.com" });
                    new aws.sesv2.EmailIdentity("us", { emailIdentity: "example.com" }, { provider: us });
                    new aws.sesv2.EmailIdentity("address", { emailIdentity: "ops@example.com" });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });
        });
    }
});
