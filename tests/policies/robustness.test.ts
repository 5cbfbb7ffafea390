import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import fc from "fast-check";
import type { Diagnostic } from "../../offline-engine/analyzer-client";
import { SECRET_SIG, SECRET_VALUE_SIG, UNKNOWN } from "../../state/wire";
import { type CapturedResource } from "../../state/captured-resource";
import { MODES, runProgram, show, usePack } from "./pack-harness";

/** Every type a policy reads, plus a few it does not. */
const TYPES = [
    "aws:sesv2/emailIdentity:EmailIdentity",
    "aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes",
    "aws:sesv2/emailIdentityPolicy:EmailIdentityPolicy",
    "aws:sesv2/configurationSet:ConfigurationSet",
    "aws:ses/domainIdentity:DomainIdentity",
    "aws:ses/domainDkim:DomainDkim",
    "aws:ses/emailIdentity:EmailIdentity",
    "aws:ses/mailFrom:MailFrom",
    "aws:ses/identityPolicy:IdentityPolicy",
    "aws:ses/configurationSet:ConfigurationSet",
    "aws:ses/confgurationSet:ConfgurationSet",
    "aws:sesv2/multiRegionEndpoint:MultiRegionEndpoint",
    "aws:sesv2/tenant:Tenant",
    "aws:sesv2/tenantResourceAssociation:TenantResourceAssociation",
    "aws:route53/record:Record",
    "aws:route53/zone:Zone",
    "cloudflare:index/dnsRecord:DnsRecord",
    "cloudflare:index/record:Record",
    "cloudflare:index/zone:Zone",
    "aws:s3/bucket:Bucket",
    "test:index:Component",
];

/** Property names the policies read, so random values land where they look. */
const KEYS = [
    "emailIdentity",
    "dkimSigningAttributes",
    "tokens",
    "domainSigningSelector",
    "domainSigningPrivateKey",
    "configurationSetName",
    "domain",
    "email",
    "verificationToken",
    "dkimTokens",
    "mailFromDomain",
    "identity",
    "policy",
    "Statement",
    "Principal",
    "Action",
    "deliveryOptions",
    "tlsPolicy",
    "name",
    "type",
    "records",
    "zoneId",
    "fqdn",
    "content",
    "value",
    "priority",
    "proxied",
    "zone",
    "region",
    "identityType",
    "details",
    "routesDetails",
    "tenantName",
    "resourceArn",
    "__getSpecialProxyTarget",
    "__isSpecialProxy",
    "constructor",
    "__proto__",
    "toString",
];

const leaf = fc.oneof(
    fc.constant(UNKNOWN),
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string(),
    fc.constantFrom(
        "example.com",
        "a@example.com",
        "_dmarc.example.com",
        "x._domainkey.example.com",
        "CNAME",
        "TXT",
        "MX",
        "REQUIRE",
        "eu-south-1",
        "*",
        '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*"}]}',
        "{not json",
        "us-east-1",
        "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
        "arn:aws:ses:us-east-1:1:configuration-set/x",
        "arn:aws:ses::1:identity/",
    ),
);

const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, leaf, tie("array"), tie("object"), tie("secret")),
    array: fc.array(tie("value"), { maxLength: 4 }),
    object: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string()), tie("value"), { maxKeys: 5 }),
    secret: tie("value").map((v) => ({ [SECRET_SIG]: SECRET_VALUE_SIG, value: v })),
}));

const props = fc.oneof(fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 8 }), fc.dictionary(fc.string(), value, { maxKeys: 3 }));

const shape = fc.record({
    type: fc.constantFrom(...TYPES),
    name: fc.string({ minLength: 1, maxLength: 12 }),
    inputs: props,
    outputs: props,
    provider: fc.option(props, { nil: undefined }),
    parent: fc.option(fc.nat(), { nil: undefined }),
    dependencies: fc.array(fc.nat(), { maxLength: 3 }),
    propertyDependencies: fc.dictionary(fc.constantFrom(...KEYS), fc.array(fc.nat(), { maxLength: 3 }), { maxKeys: 4 }),
});

/** Random shapes turned into a stack: URNs unique, references pointing at other resources of the stack. */
const stack = fc.array(shape, { minLength: 1, maxLength: 12 }).map((shapes): CapturedResource[] => {
    const urns = shapes.map((s, i) => `urn:pulumi:dev::fuzz::${s.type}::r${i}`);
    const ref = (n: number) => urns[n % urns.length];
    return shapes.map((s, i) => {
        const propertyDependencies: Record<string, string[]> = {};
        for (const [k, deps] of Object.entries(s.propertyDependencies)) propertyDependencies[k] = deps.map(ref);
        return {
            urn: urns[i],
            type: s.type,
            name: s.name,
            custom: s.type !== "test:index:Component",
            ...(s.parent === undefined ? {} : { parent: ref(s.parent) }),
            dependencies: s.dependencies.map(ref),
            propertyDependencies,
            ...(s.provider === undefined
                ? {}
                : { provider: { urn: "urn:pulumi:dev::fuzz::pulumi:providers:aws::p", type: "pulumi:providers:aws", name: "p", properties: s.provider } }),
            inputs: s.inputs,
            outputs: s.outputs,
        };
    });
});

/** A diagnostic that says a policy broke instead of judging. */
function isInternalError(d: Diagnostic): boolean {
    return /could not finish|can't run policy|Error validating/.test(d.message);
}

describe("policies: robustness against randomly shaped resources", () => {
    const pack = usePack({ own: true }); // it sends its own Configure and ConfigureStack

    before(async () => {
        await pack().session.configureStack({ project: "fuzz", stack: "dev", dryRun: true });
        await pack().session.configure();
    });

    it("answers every AnalyzeStack request without an internal error", async () => {
        await fc.assert(
            fc.asyncProperty(stack, async (resources) => {
                const diagnostics = await pack().session.analyzeStack(resources);
                assert.deepEqual(diagnostics.filter(isInternalError), [], show(diagnostics));
            }),
            { numRuns: 150 },
        );
    });

    it("answers every Analyze and Remediate request without an internal error", async () => {
        await pack().session.configure({ "ses-identity-configuration-set": { enforcementLevel: "remediate", defaultConfigurationSet: "fallback" } });
        await fc.assert(
            fc.asyncProperty(stack, async (resources) => {
                for (const resource of resources) {
                    await pack().session.remediate(resource);
                    const diagnostics = await pack().session.analyze(resource);
                    assert.deepEqual(diagnostics.filter(isInternalError), [], show(diagnostics));
                }
            }),
            { numRuns: 80 },
        );
        assert.doesNotMatch(pack().stderr(), /unhandled exception/, "the pack process survived");
    });

    it("keeps a real violation when every other value of the stack is unknown", async () => {
        await pack().session.configure();
        const unknownEverywhere: CapturedResource[] = TYPES.map((type, i) => ({
            urn: `urn:pulumi:dev::fuzz::${type}::u${i}`,
            type,
            name: `u${i}`,
            custom: true,
            dependencies: [],
            propertyDependencies: {},
            inputs: {},
            outputs: Object.fromEntries(KEYS.slice(0, 30).map((k) => [k, UNKNOWN])),
        }));
        const unverified: CapturedResource = {
            urn: "urn:pulumi:dev::fuzz::aws:sesv2/emailIdentity:EmailIdentity::plain",
            type: "aws:sesv2/emailIdentity:EmailIdentity",
            name: "plain",
            custom: true,
            dependencies: [],
            propertyDependencies: {},
            inputs: { emailIdentity: "unverified.example" },
            outputs: { emailIdentity: "unverified.example", dkimSigningAttributes: UNKNOWN, arn: UNKNOWN },
        };
        const diagnostics = await pack().session.analyzeStack([...unknownEverywhere, unverified]);
        assert.deepEqual(diagnostics.filter(isInternalError), [], show(diagnostics));
        assert.ok(
            diagnostics.some(
                (d) => d.policyName === "ses-domain-identity-verified" && d.enforcementLevel === "mandatory" && d.message.includes("unverified.example"),
            ),
            show(diagnostics),
        );
    });
});

/** A resource of a hand-built request, in preview form unless `outputs` says otherwise. */
function resource(type: string, name: string, extra: Partial<CapturedResource> = {}): CapturedResource {
    return {
        urn: `urn:pulumi:dev::fuzz::${type}::${name}`,
        type,
        name,
        custom: true,
        dependencies: [],
        propertyDependencies: {},
        inputs: {},
        outputs: {},
        ...extra,
    };
}

describe("policies: inputs that must not stall or crash the pack", () => {
    const pack = usePack({ own: true });

    for (const { preview, label } of MODES) {
        // DNS names are at most 253 characters and labels at most 63 (RFC 1035 2.3.4); SES's CreateEmailIdentity
        // rejects longer ones. A name of thousands of labels is reported as invalid, and nothing walks its parents.
        it(`${label}: reports an identity name of thousands of labels (8 KB) and one of 1 MB as invalid, within a time bound`, async function () {
            this.timeout(30_000);
            const program = () => {
                const big = `${"a.".repeat(4_000)}example.com`;
                new aws.sesv2.EmailIdentity("labels", { emailIdentity: big });
                new aws.sesv2.EmailIdentity("huge", { emailIdentity: `${"b".repeat(1 << 20)}.example.com` });
                new aws.sesv2.EmailIdentity("address", { emailIdentity: `ops@${big}` });
                new aws.sesv2.EmailIdentityMailFromAttributes("mail-from", { emailIdentity: big, mailFromDomain: `bounce.${big}` });
                new aws.route53.Record("record", { zoneId: "Z1", name: `x._domainkey.${big}`, type: "CNAME", ttl: 600, records: ["x.dkim.amazonses.com"] });
            };
            const started = Date.now();
            const run = await runProgram(pack(), program, { preview });
            assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
            const verified = run.of("ses-domain-identity-verified");
            assert.equal(verified.length, 2, show(verified));
            for (const d of verified) {
                assert.match(d.message, /not a valid DNS name \(it is longer than 253 characters\)/);
                assert.ok(d.message.length < 1_000, "the name is cut in the message");
            }
            assert.match(
                run.of("ses-email-identity-verifiable")[0]?.message ?? "",
                /not a valid email address: its domain '[a-z.]{77}\.\.\.' is unusable: it is longer than 253/,
            );
            assert.match(run.of("ses-mail-from-records")[0]?.message ?? "", /is not a valid DNS name/);
            assert.deepEqual(run.diagnostics.filter(isInternalError), [], show(run.diagnostics));
        });

        it(`${label}: matches a three-wildcard config pattern against a 20 KB name without backtracking`, async function () {
            this.timeout(30_000);
            const name = `${"a".repeat(20_000)}.example.com`;
            const config = {
                "ses-identity-configuration-set": { exemptIdentities: ["*a*a*a*b"] },
                "ses-domain-identity-verified": { externallyVerifiedDomains: ["*a*a*a*b", "*.*.*x"] },
            };
            const started = Date.now();
            const run = await runProgram(pack(), () => new aws.sesv2.EmailIdentity("long", { emailIdentity: name }), { preview, config });
            assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
            assert.equal(run.of("ses-identity-configuration-set").length, 1, "the pattern does not match, so the identity is judged");
        });
    }

    // The engine sends AnalyzeStack's resources in arbitrary order (a Go sync.Map); a dependency loop between two
    // intermediates must give every record the same link whichever is met first.
    it("preview: links records through a dependency cycle the same way in either resource order", async () => {
        await pack().session.configureStack({ project: "fuzz", stack: "dev", dryRun: true });
        await pack().session.configure();
        const identity = resource("aws:sesv2/emailIdentity:EmailIdentity", "identity", {
            outputs: { emailIdentity: "example.com", dkimSigningAttributes: UNKNOWN },
        });
        const a = resource("aws:ssm/parameter:Parameter", "a", { outputs: { value: UNKNOWN } });
        const b = resource("aws:ssm/parameter:Parameter", "b", { outputs: { value: UNKNOWN } });
        a.dependencies = [b.urn];
        b.dependencies = [a.urn, identity.urn];
        const record = (name: string, via: CapturedResource) =>
            resource("aws:route53/record:Record", name, {
                propertyDependencies: { name: [via.urn], records: [via.urn] },
                outputs: { name: UNKNOWN, type: "CNAME", zoneId: "Z1", records: [UNKNOWN] },
            });
        const records = [record("r0", b), record("r1", a), record("r2", a)];
        for (const order of [[identity, a, b, ...records], [...records].reverse().concat([b, a, identity])]) {
            const diagnostics = await pack().session.analyzeStack(order);
            assert.deepEqual(
                diagnostics.filter((d) => d.policyName === "ses-domain-identity-verified"),
                [],
                `${order.map((r) => r.name).join(",")}: ${show(diagnostics)}`,
            );
        }
    });
});
