import * as assert from "node:assert/strict";
import { ComponentArgumentError, VerifiedDomain, VerifiedEmailAddress } from "../../components";
import { only, runProgram } from "./captured";

const IDENTITY = "aws:sesv2/emailIdentity:EmailIdentity";
const CONFIG_SET = "aws:sesv2/configurationSet:ConfigurationSet";
const EU_WEST_1 = { "aws:region": "eu-west-1" };

describe("components: VerifiedEmailAddress", () => {
    it("declares the address identity with a safe configuration set, children of the component", async () => {
        const run = await runProgram(() => new VerifiedEmailAddress("ops", { address: "ops@example.com" }), { preview: true, config: EU_WEST_1 });
        assert.deepEqual(
            run.resources.map((r) => [r.type, r.name]),
            [
                ["pulumi:pulumi:Stack", "project-stack"],
                ["ses-guard:index:VerifiedEmailAddress", "ops"],
                ["pulumi:providers:aws", "default_7_48_0"],
                [CONFIG_SET, "ops-config-set"],
                [IDENTITY, "ops"],
            ],
        );
        const parent = "urn:pulumi:stack::project::ses-guard:index:VerifiedEmailAddress::ops";
        assert.equal(only(run, IDENTITY, "ops").parent, parent);
        assert.equal(only(run, CONFIG_SET, "ops-config-set").parent, parent);
        assert.deepEqual(only(run, IDENTITY, "ops").inputs, { emailIdentity: "ops@example.com", region: "eu-west-1", configurationSetName: "ops-stack" });
        assert.deepEqual(only(run, CONFIG_SET, "ops-config-set").inputs.deliveryOptions, { tlsPolicy: "REQUIRE" });
    });

    it("warns that a person must click the verification link when no domain in the stack covers it", async () => {
        const run = await runProgram(() => new VerifiedEmailAddress("ops", { address: "ops@example.com" }), { preview: true, config: EU_WEST_1 });
        assert.equal(run.logs.length, 1);
        assert.equal(run.logs[0].severity, "warn");
        assert.match(run.logs[0].message, /ops@example.com: SES mails a verification link .* a person must click it within 24 hours/);
    });

    it("says no link is needed when its domain is verified in the same stack, and shares that domain's set when asked", async () => {
        const run = await runProgram(
            () => {
                const domain = new VerifiedDomain("mail", { domain: "example.com", dns: false });
                const address = new VerifiedEmailAddress("noreply", {
                    address: "noreply@example.com",
                    verifiedDomain: domain,
                    configurationSet: domain.configurationSetName,
                });
                return { target: address.checkTarget, needsLinkClick: address.needsLinkClick };
            },
            { preview: false, config: EU_WEST_1 },
        );
        assert.deepEqual(
            run.logs.map((l) => l.severity),
            ["info"],
        );
        assert.match(run.logs[0].message, /no link to click, its domain is verified in this stack by VerifiedDomain "example.com"/);
        assert.equal(run.resources.filter((r) => r.type === CONFIG_SET).length, 1, "only the domain's set");
        assert.equal(only(run, IDENTITY, "noreply").inputs.configurationSetName, "mail-stack");
        assert.deepEqual(run.stackOutputs, {
            target: { sesGuard: "ses-guard/identity", identity: "noreply@example.com", region: "eu-west-1", configurationSetName: "mail-stack" },
            needsLinkClick: false,
        });
    });

    it("warns when the verified domain lives in another region", async () => {
        const run = await runProgram(
            () => {
                const domain = new VerifiedDomain("mail", { domain: "example.com", dns: false, region: "us-east-1" });
                return new VerifiedEmailAddress("noreply", { address: "noreply@example.com", verifiedDomain: domain });
            },
            { preview: false, config: EU_WEST_1 },
        );
        assert.ok(run.logs.some((l) => l.severity === "warn" && /is in eu-west-1 but VerifiedDomain "example.com" is in us-east-1/.test(l.message)));
    });

    it("adopts an existing address identity by importing it", async () => {
        const run = await runProgram(() => new VerifiedEmailAddress("ops", { address: "ops@example.com", import: true, configurationSet: false }), {
            preview: true,
            config: EU_WEST_1,
        });
        assert.equal(run.importIds.get(only(run, IDENTITY, "ops").urn), "ops@example.com");
        assert.equal(run.resources.filter((r) => r.type === CONFIG_SET).length, 0);
    });

    it("rejects an invalid address, naming the value and what to give", () => {
        assert.throws(
            () => new VerifiedEmailAddress("ops", { address: "example.com" }),
            (err: unknown) =>
                err instanceof ComponentArgumentError &&
                err.field === "args.address" &&
                /^VerifiedEmailAddress "ops": args.address "example.com" is not an email address: .*VerifiedDomain/.test(err.message),
        );
    });

    it("rejects a verified domain that does not cover the address", async () => {
        let error: unknown;
        await runProgram(
            () => {
                const domain = new VerifiedDomain("mail", { domain: "example.com", dns: false });
                try {
                    new VerifiedEmailAddress("ops", { address: "ops@other.com", verifiedDomain: domain });
                } catch (err) {
                    error = err;
                }
            },
            { preview: true, config: EU_WEST_1 },
        );
        assert.ok(error instanceof ComponentArgumentError);
        assert.equal(error.field, "args.verifiedDomain");
        assert.match(error.message, /"example.com" does not cover the address "ops@other.com"/);
    });

    // SES takes an address's Unicode domain part in Punycode (RFC 3492): https://docs.aws.amazon.com/ses/latest/dg/send-email-formatted.html
    it("declares an address whose domain is in Unicode in its ASCII (punycode) form, naming both forms in its log", async () => {
        const run = await runProgram(
            () => {
                const domain = new VerifiedDomain("mail", { domain: "bücher.example", dns: false });
                const address = new VerifiedEmailAddress("info", { address: "info@Bücher.example", verifiedDomain: domain });
                return { address: address.address, target: address.checkTarget };
            },
            { preview: false, config: EU_WEST_1 },
        );
        assert.equal(only(run, IDENTITY, "info").inputs.emailIdentity, "info@xn--bcher-kva.example");
        const outputs = run.stackOutputs as { address: string; target: { identity: string } };
        assert.deepEqual([outputs.address, outputs.target.identity], ["info@xn--bcher-kva.example", "info@xn--bcher-kva.example"]);
        assert.match(
            run.logs[0].message,
            /^info@Bücher\.example \(info@xn--bcher-kva\.example\): no link to click, .* VerifiedDomain "xn--bcher-kva\.example"/,
        );
    });

    it("rejects an address whose Unicode domain is still wrong in ASCII, showing both forms", () => {
        assert.throws(
            () => new VerifiedEmailAddress("info", { address: "info@bücher" }),
            (err: unknown) =>
                err instanceof ComponentArgumentError &&
                /^VerifiedEmailAddress "info": args.address "info@bücher" \(info@xn--bcher-kva\) is not an email address: its domain 'xn--bcher-kva' is unusable: it needs at least two labels/.test(
                    err.message,
                ),
        );
    });

    it("rejects a verified domain that does not cover a Unicode address, showing both forms", async () => {
        let error: unknown;
        await runProgram(
            () => {
                const domain = new VerifiedDomain("mail", { domain: "example.com", dns: false });
                try {
                    new VerifiedEmailAddress("info", { address: "info@bücher.example", verifiedDomain: domain });
                } catch (err) {
                    error = err;
                }
            },
            { preview: true, config: EU_WEST_1 },
        );
        assert.ok(error instanceof ComponentArgumentError);
        assert.match(error.message, /does not cover the address "info@bücher\.example" \(info@xn--bcher-kva\.example\)/);
    });
});
