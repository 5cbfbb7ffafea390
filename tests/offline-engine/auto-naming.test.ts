import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { AUTO_NAMED_PROPERTIES, autoName } from "../../offline-engine/auto-naming";
import { captureProgram } from "../../testing/mock-capture";
import {
    CONFIGURATION_SET_TYPES,
    IDENTITY_POLICY_TYPES,
    SES_CONFIGURATION_SET_ALIAS,
    SES_DOMAIN_DKIM,
    SES_DOMAIN_IDENTITY,
    SES_EMAIL_IDENTITY,
    SES_MAIL_FROM,
    SESV2_EMAIL_IDENTITY,
    SESV2_MAIL_FROM,
} from "../../state/resource-types";
import { MODES, runProgram, show, usePack } from "../policies/pack-harness";
import { REPO_ROOT } from "./fixtures";

/** Every AWS type the policies read (state/resource-types plus the Route 53 zone and record). */
const POLICY_TYPES = [
    ...CONFIGURATION_SET_TYPES,
    ...IDENTITY_POLICY_TYPES,
    SESV2_EMAIL_IDENTITY,
    SESV2_MAIL_FROM,
    SES_DOMAIN_IDENTITY,
    SES_DOMAIN_DKIM,
    SES_EMAIL_IDENTITY,
    SES_MAIL_FROM,
    "aws:route53/zone:Zone",
    "aws:route53/record:Record",
].filter((t) => t !== SES_CONFIGURATION_SET_ALIAS);

/** The `<Name>Args` interface of `type` in the installed @pulumi/aws, whose schema the provider generates it from. */
function argsOf(type: string): string {
    const [, module, name] = /^aws:([a-z0-9]+\/[a-zA-Z0-9]+):([A-Za-z0-9]+)$/.exec(type) ?? [];
    assert.ok(module && name, type);
    const file = path.join(REPO_ROOT, "node_modules", "@pulumi", "aws", `${module}.d.ts`);
    const text = fs.readFileSync(file, "utf8");
    const start = text.indexOf(`export interface ${name}Args {`);
    assert.ok(start >= 0, `${file} has no ${name}Args`);
    return text.slice(start, text.indexOf("\n}", start));
}

describe("engine: auto-naming (the AWS provider's Check fills in names)", () => {
    it("auto-names exactly the policy-read types whose `name` input is optional in the AWS provider's own schema", () => {
        // pulumi-aws provider/autonaming.go: setAutonaming gives every resource with an input `name` tfbridge.AutoName("name", 255, "-"),
        // unless provider/resources.go maps `name` itself (aws_route53_record: "Do not autoname Route53 records").
        // An auto-named input is optional in the generated SDK; the installed @pulumi/aws is generated from that schema.
        for (const type of POLICY_TYPES) {
            const args = argsOf(type);
            const autoNamed = AUTO_NAMED_PROPERTIES[type];
            if (autoNamed !== undefined) assert.match(args, new RegExp(`\\n\\s+(readonly )?${autoNamed}\\?:`), `${type}.${autoNamed} should be optional`);
            else assert.doesNotMatch(args, /\n\s+(readonly )?name\?:/, `${type} has an optional name the list leaves out`);
        }
        assert.match(argsOf("aws:route53/record:Record"), /\n\s+(readonly )?name:/, "a Route 53 record's name stays required");
        assert.equal(AUTO_NAMED_PROPERTIES[SES_CONFIGURATION_SET_ALIAS], "name");
    });

    it("names like tfbridge.AutoName: the resource name, '-', 7 hex digits, the same in every run", () => {
        assert.match(autoName("dev::proj", "aws:ses/configurationSet:ConfigurationSet", "transactional"), /^transactional-[0-9a-f]{7}$/);
        assert.equal(autoName("dev::proj", "t", "n"), autoName("dev::proj", "t", "n"));
    });

    for (const mode of MODES) {
        it(`sends Analyze and AnalyzeStack the auto-name, and the program sees it, in ${mode.label}`, async () => {
            let seen: string | undefined;
            const resources = await captureProgram(
                () => {
                    const set = new aws.ses.ConfigurationSet("transactional", {});
                    set.name.apply((n) => (seen = n));
                    new aws.ses.ConfigurationSet("named", { name: "given" });
                },
                { preview: mode.preview, config: { "aws:region": "eu-west-1" } },
            );
            const set = resources.find((r) => r.name === "transactional");
            assert.match(String(set?.inputs.name), /^transactional-[0-9a-f]{7}$/);
            assert.equal(set?.outputs.name, set?.inputs.name);
            assert.equal(seen, set?.inputs.name);
            assert.equal(resources.find((r) => r.name === "named")?.inputs.name, "given");
        });
    }

    describe("verdicts", () => {
        const pack = usePack({ own: true });
        for (const mode of MODES) {
            it(`judges an identity naming an auto-named configuration set by the name it will get (${mode.label})`, async () => {
                const program = (): void => {
                    const set = new aws.ses.ConfigurationSet("transactional", { deliveryOptions: { tlsPolicy: "Require" } });
                    new aws.sesv2.EmailIdentity("mail", { emailIdentity: "ops@example.com", configurationSetName: set.name });
                };
                const config = { "ses-identity-configuration-set": { allowedConfigurationSets: ["transactional"] } };
                const run = await runProgram(pack(), program, { preview: mode.preview, config });
                const name = run.resources.find((r) => r.name === "transactional")?.inputs.name;
                // The set will be called transactional-xxxxxxx, which the allowed list does not name.
                const violations = run.of("ses-identity-configuration-set").filter((d) => d.enforcementLevel === "mandatory");
                assert.ok(
                    violations.some((d) => d.message.includes(String(name))),
                    show(run.diagnostics),
                );
            });
        }
    });
});
