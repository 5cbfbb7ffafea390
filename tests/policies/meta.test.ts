import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { POLICY_PACK_NAME, policies } from "../../policies";
import { SES_DOMAIN_IDENTITY, SESV2_CONFIGURATION_SET, SESV2_EMAIL_IDENTITY, SESV2_IDENTITY_POLICY } from "../../state/resource-types";
import { usePack } from "./pack-harness";
import { PACK_DOCS, POLICY_DOCS, README_URL } from "../../policies/policy-docs";
import { ROOT } from "../../testing/run-cli";

/** Resources that lead every policy past its type checks to its config: identities (v2 and v1), a set without TLS, a public policy. */
const STIMULUS: Array<Pick<PolicyResource, "type" | "name" | "props">> = [
    { type: SESV2_EMAIL_IDENTITY, name: "domain", props: { emailIdentity: "example.com", configurationSetName: "tx" } },
    { type: SESV2_EMAIL_IDENTITY, name: "address", props: { emailIdentity: "noreply@example.org" } },
    { type: SES_DOMAIN_IDENTITY, name: "legacy", props: { domain: "legacy.example.net" } },
    { type: SESV2_CONFIGURATION_SET, name: "tx", props: { configurationSetName: "tx", deliveryOptions: { tlsPolicy: "OPTIONAL" } } },
    {
        type: SESV2_IDENTITY_POLICY,
        name: "public",
        props: {
            emailIdentity: "example.com",
            policyName: "p",
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "ses:SendEmail", Resource: "*" }] }),
        },
    },
];

/** The stimulus as @pulumi/policy hands resources to a policy. */
function policyResources(): PolicyResource[] {
    return STIMULUS.map((r) => ({
        ...r,
        urn: `urn:pulumi:dev::proj::${r.type}::${r.name}`,
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    })) as unknown as PolicyResource[];
}

/** What a policy did with its config while judging the stimulus: whether it asked for it, and which options it read. */
interface ConfigUse {
    asked: boolean;
    read: Set<string>;
    messages: string[];
}

/** Runs the policy's validation (and remediation) over the stimulus with a config that records what is read. */
async function configUse(policy: ResourceValidationPolicy | StackValidationPolicy): Promise<ConfigUse> {
    const use: ConfigUse = { asked: false, read: new Set(), messages: [] };
    const getConfig = <T extends object>(): T => {
        use.asked = true;
        return new Proxy({} as T, {
            get: (target, key) => {
                if (typeof key === "string") use.read.add(key);
                return Reflect.get(target, key);
            },
        });
    };
    const report = (message: string) => use.messages.push(message);
    const resources = policyResources();
    if ("validateStack" in policy) {
        await policy.validateStack({ resources, getConfig } as never, report as never);
        return use;
    }
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : policy.validateResource ? [policy.validateResource] : [];
    for (const resource of resources) {
        const args = { ...resource, opts: {}, notApplicable: () => undefined, getConfig } as never;
        for (const validate of validations) await validate(args, report as never);
        await policy.remediateResource?.(args);
    }
    return use;
}

describe("policies: every policy", () => {
    const pack = usePack();

    it("is served by the pack under the name ses-guard with the name, description and level it exports", async () => {
        const info = await pack().session.getAnalyzerInfo();
        assert.equal(info.name, POLICY_PACK_NAME);
        assert.equal(POLICY_PACK_NAME, "ses-guard");
        assert.deepEqual(
            info.policies.map((p) => [p.name, p.description, p.enforcementLevel]),
            policies.map((p) => [p.name, p.description, p.enforcementLevel]),
        );
    });

    it("is served with its title, remediation steps and README link in GetAnalyzerInfo (what the CLI, Pulumi Cloud and --sarif show)", async () => {
        const info = await pack().session.getAnalyzerInfo();
        assert.deepEqual(
            info.policies.map((p) => [p.name, p.displayName, p.remediationSteps, p.url]),
            policies.map((p) => [p.name, POLICY_DOCS[p.name]?.displayName, POLICY_DOCS[p.name]?.remediationSteps, `${README_URL}#${p.name}`]),
        );
        for (const p of info.policies) {
            assert.match(p.displayName ?? "", /^[A-Z][^.\n]*[A-Za-z0-9]$/, `${p.name}: a title, no full stop`);
            assert.match(p.remediationSteps ?? "", /^[A-Z][^\n]*\.$/, `${p.name}: sentences`);
        }
        assert.deepEqual(Object.keys(POLICY_DOCS).sort(), policies.map((p) => p.name).sort(), "documentation only for policies that exist");
    });

    it("is served with its severity and the other scanners' controls it matches; the pack with its title, tags and readme", async () => {
        const info = await pack().session.getAnalyzerInfo();
        assert.deepEqual(
            info.policies.map((p) => [p.name, p.severity]),
            policies.map((p) => [p.name, POLICY_DOCS[p.name]?.severity]),
        );
        const byName = new Map(info.policies.map((p) => [p.name, p]));
        // The scanners platform teams already run: Checkov and AWS Config for TLS, Prowler for public sending.
        assert.deepEqual(byName.get("ses-configuration-set-tls-required")?.framework, {
            name: "Checkov",
            reference: "CKV_AWS_365",
            specification: "Ensure SES Configuration Set enforces TLS usage",
        });
        assert.deepEqual(byName.get("ses-configuration-set-tls-required")?.tags, ["aws-config:ses-sending-tls-required"]);
        assert.equal(byName.get("ses-identity-policy-not-public")?.framework?.reference, "ses_identity_not_publicly_accessible");
        assert.equal(info.displayName, PACK_DOCS.displayName);
        assert.deepEqual(info.tags, [...PACK_DOCS.tags]);
        for (const p of policies) assert.ok(info.readme?.includes(`[\`${p.name}\`](${README_URL}#${p.name})`), `the readme links ${p.name}`);
    });

    it("has a README section at its link's anchor that gives its title and remediation steps", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        for (const p of policies) {
            // GitHub and npm make the anchor of "#### `name`" the name itself.
            const heading = `\n#### \`${p.name}\`\n\n`;
            const at = readme.indexOf(heading);
            assert.ok(at >= 0, `README has no section headed ${heading.trim()}`);
            const paragraph = (readme.slice(at + heading.length).split("\n\n")[0] ?? "").replace(/\\</g, "<");
            const docs = POLICY_DOCS[p.name];
            assert.equal(paragraph, `**${docs?.displayName}.** ${docs?.remediationSteps}`, `README section of ${p.name}`);
        }
    });

    it("has a unique kebab-case name, a full-sentence description, an enforcement level and one kind of validation", () => {
        assert.equal(new Set(policies.map((p) => p.name)).size, policies.length, "names are unique");
        for (const p of policies) {
            assert.match(p.name, /^ses(-[a-z0-9]+)+$/, p.name);
            assert.match(p.description ?? "", /^[A-Z][^\n]*[a-z0-9)]\.$/, `${p.name}: ${p.description}`);
            assert.ok(["advisory", "mandatory"].includes(p.enforcementLevel ?? ""), `${p.name}: ${p.enforcementLevel}`);
            assert.notEqual("validateStack" in p, "validateResource" in p, `${p.name}: exactly one of validateStack and validateResource`);
        }
    });

    it("declares a configSchema exactly when it reads config, each option described with a default or a type and read", async () => {
        for (const p of policies) {
            const use = await configUse(p);
            assert.deepEqual(
                use.messages.filter((m) => m.includes("could not finish")),
                [],
                `${p.name} judged the stimulus without an internal error`,
            );
            const schema = p.configSchema;
            assert.equal(
                schema !== undefined,
                use.asked,
                `${p.name}: configSchema ${schema ? "present" : "absent"}, config ${use.asked ? "read" : "not read"}`,
            );
            const options = Object.keys(schema?.properties ?? {});
            for (const [option, spec] of Object.entries(schema?.properties ?? {})) {
                const s = spec as Record<string, unknown>;
                assert.ok(typeof s.description === "string" && s.description.length > 10, `${p.name}.${option} has a description`);
                assert.ok(s.type === "string" || Array.isArray(s.default), `${p.name}.${option} is a string or a defaulted list`);
            }
            assert.deepEqual([...use.read].sort(), options.sort(), `${p.name}: the options it reads are the options it declares`);
        }
    });
});
