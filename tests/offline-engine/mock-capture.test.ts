import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SECRET_SIG, UNKNOWN } from "../../state/wire";
import { type CapturedResource } from "../../state/captured-resource";
import { ProgramError, captureProgram } from "../../testing/mock-capture";
import { dkimTokensFor } from "../../offline-engine/plausible-outputs";

const STACK_URN = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";
const DEFAULT_PROVIDER = "urn:pulumi:dev::proj::pulumi:providers:aws::default_7_48_0";

class Mailer extends pulumi.ComponentResource {
    readonly identity: aws.sesv2.EmailIdentity;
    constructor(name: string, domain: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Mailer", name, {}, opts);
        this.identity = new aws.sesv2.EmailIdentity(`${name}-identity`, { emailIdentity: domain }, { parent: this });
        this.registerOutputs({});
    }
}

/** An identity in a component, an identity on an explicit eu-west-1 provider, and a record depending on both. */
function mailProgram(): void {
    const mailer = new Mailer("mailer", "example.com");
    const eu = new aws.Provider("eu", { region: "eu-west-1" });
    const other = new aws.sesv2.EmailIdentity("other", { emailIdentity: "other.example.com" }, { provider: eu });
    new aws.route53.Record(
        "dkim-0",
        {
            zoneId: "Z123",
            name: pulumi.interpolate`${mailer.identity.dkimSigningAttributes.tokens[0]}._domainkey.example.com`,
            type: "CNAME",
            ttl: 600,
            records: [pulumi.interpolate`${mailer.identity.dkimSigningAttributes.tokens[0]}.dkim.amazonses.com`],
        },
        { dependsOn: [other] },
    );
}

function find(resources: CapturedResource[], name: string): CapturedResource {
    const r = resources.find((x) => x.name === name);
    assert.ok(r, `no resource named ${name}; have ${resources.map((x) => x.name).join(", ")}`);
    return r;
}

describe("engine: mock-capture", () => {
    const config = { "aws:region": "us-west-2" };
    let preview: CapturedResource[];
    let update: CapturedResource[];

    before(async () => {
        preview = await captureProgram(mailProgram, { preview: true, config });
        update = await captureProgram(mailProgram, { preview: false, config });
    });

    it("registers the root stack and parents top-level resources to it without prefixing their URN", () => {
        assert.equal(preview[0]?.urn, STACK_URN);
        const other = find(preview, "other");
        assert.equal(other.urn, "urn:pulumi:dev::proj::aws:sesv2/emailIdentity:EmailIdentity::other");
        assert.equal(other.parent, STACK_URN);
    });

    it("gives a component's child its parent and the parent's type in its URN", () => {
        const identity = find(preview, "mailer-identity");
        assert.equal(identity.parent, "urn:pulumi:dev::proj::test:index:Mailer::mailer");
        assert.equal(identity.urn, "urn:pulumi:dev::proj::test:index:Mailer$aws:sesv2/emailIdentity:EmailIdentity::mailer-identity");
        assert.equal(find(preview, "mailer").custom, false);
    });

    it("models the default aws provider from the stack's aws:region, registered before its first user", () => {
        const identity = find(preview, "mailer-identity");
        assert.deepEqual(identity.provider, {
            urn: DEFAULT_PROVIDER,
            type: "pulumi:providers:aws",
            name: "default_7_48_0",
            properties: { region: "us-west-2", version: "7.48.0" },
        });
        const providerIndex = preview.findIndex((r) => r.urn === DEFAULT_PROVIDER);
        assert.ok(providerIndex >= 0 && providerIndex < preview.indexOf(identity));
        assert.equal(preview[providerIndex]?.parent, undefined);
    });

    it("keeps an explicit provider's own inputs, such as its region", () => {
        const other = find(preview, "other");
        assert.equal(other.provider?.urn, "urn:pulumi:dev::proj::pulumi:providers:aws::eu");
        assert.equal(other.provider?.properties.region, "eu-west-1");
        assert.equal(find(preview, "eu").type, "pulumi:providers:aws");
    });

    it("records dependsOn as dependencies and the sources of each input as property dependencies", () => {
        const record = find(preview, "dkim-0");
        const identity = find(preview, "mailer-identity");
        const other = find(preview, "other");
        assert.deepEqual([...record.dependencies].sort(), [identity.urn, other.urn].sort());
        assert.deepEqual(record.propertyDependencies.name, [identity.urn]);
        assert.deepEqual(record.propertyDependencies.records, [identity.urn]);
    });

    it("preview: inputs built from unknown outputs are the unknown sentinel, computed outputs unknown", () => {
        const record = find(preview, "dkim-0");
        assert.equal(record.inputs.name, UNKNOWN);
        assert.deepEqual(record.inputs.records, [UNKNOWN]);
        assert.equal(record.inputs.type, "CNAME");
        const identity = find(preview, "mailer-identity");
        assert.equal(identity.outputs.emailIdentity, "example.com");
        assert.equal(identity.outputs.dkimSigningAttributes, UNKNOWN);
        assert.equal(identity.outputs.arn, UNKNOWN);
    });

    it("update: computed outputs get plausible values, three deterministic DKIM tokens per identity", () => {
        const identity = find(update, "mailer-identity");
        const tokens = dkimTokensFor("example.com");
        assert.deepEqual((identity.outputs.dkimSigningAttributes as { tokens: string[] }).tokens, tokens);
        assert.equal(identity.outputs.arn, "arn:aws:ses:us-west-2:123456789012:identity/example.com");
        assert.equal(find(update, "other").outputs.arn, "arn:aws:ses:eu-west-1:123456789012:identity/other.example.com");
        const record = find(update, "dkim-0");
        assert.equal(record.inputs.name, `${tokens[0]}._domainkey.example.com`);
        assert.deepEqual(record.inputs.records, [`${tokens[0]}.dkim.amazonses.com`]);
    });

    it("captures the same URNs in preview and update", () => {
        assert.deepEqual(
            preview.map((r) => r.urn),
            update.map((r) => r.urn),
        );
    });

    it("waits for registrations made after the program returns (inside an apply, update only)", async () => {
        const program = (): void => {
            const identity = new aws.sesv2.EmailIdentity("late", { emailIdentity: "late.example.com" });
            identity.arn.apply((arn) => new aws.route53.Record("inside-apply", { zoneId: "Z1", name: "x.late.example.com", type: "TXT", records: [arn] }));
        };
        const updated = await captureProgram(program, { preview: false });
        assert.equal(find(updated, "inside-apply").inputs.records instanceof Array, true);
        const previewed = await captureProgram(program, { preview: true });
        assert.equal(
            previewed.some((r) => r.name === "inside-apply"),
            false,
            "an apply on an unknown never runs in preview",
        );
    });

    it("sends secret inputs as the secret envelope", async () => {
        const resources = await captureProgram(
            () => {
                new aws.sesv2.EmailIdentity("secret", { emailIdentity: pulumi.secret("hidden.example.com") });
            },
            { preview: true },
        );
        const inputs = find(resources, "secret").inputs.emailIdentity as Record<string, unknown>;
        assert.equal(inputs[SECRET_SIG], "1b47061264138c4ac30d75fd1eb44270");
        assert.equal(inputs.value, "hidden.example.com");
    });

    it("answers Route 53 getZone offline with a zone id", async () => {
        const resources = await captureProgram(
            () => {
                const zone = aws.route53.getZoneOutput({ name: "example.com" });
                new aws.route53.Record("apex", { zoneId: zone.zoneId, name: "example.com", type: "TXT", records: ["v=spf1 -all"] });
            },
            { preview: false },
        );
        assert.match(String(find(resources, "apex").inputs.zoneId), /^Z[A-Z0-9]{20}$/);
    });

    it("fails with the program's own error when it throws, and the next capture still works", async () => {
        await assert.rejects(
            captureProgram(
                () => {
                    throw new Error("kaboom in the program");
                },
                { preview: true },
            ),
            (err: unknown) => err instanceof ProgramError && /the program failed: kaboom in the program/.test(err.message),
        );
        assert.ok((await captureProgram(mailProgram, { preview: true, config })).length > 0);
    });

    it("rejects two resources with the same URN, as the engine does", async () => {
        await assert.rejects(
            captureProgram(
                () => {
                    new aws.sesv2.EmailIdentity("twice", { emailIdentity: "a.example.com" });
                    new aws.sesv2.EmailIdentity("twice", { emailIdentity: "b.example.com" });
                },
                { preview: true },
            ),
            /Duplicate resource URN 'urn:pulumi:dev::proj::aws:sesv2\/emailIdentity:EmailIdentity::twice'/,
        );
    });
});
