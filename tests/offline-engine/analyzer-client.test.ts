import * as assert from "node:assert/strict";
import { AnalyzerCallError, AnalyzerSession, type Diagnostic } from "../../offline-engine/analyzer-client";
import { SECRET_SIG, SECRET_VALUE_SIG, UNKNOWN } from "../../state/wire";
import { type CapturedResource } from "../../state/captured-resource";
import { startPolicyPack, type PolicyPackProcess } from "../../offline-engine/pack-process";
import { PolicyConfigError } from "../../offline-engine/policy-config";
import { MINIMAL_PACK, PROBE_PACK, resource } from "./fixtures";

/** The JSON a probe policy reported for `urn`. */
function probed(diagnostics: Diagnostic[], policy: string, urn?: string): Record<string, unknown> {
    const d = diagnostics.find((x) => x.policyName === policy && (urn === undefined || x.urn === urn));
    assert.ok(d, `no ${policy} diagnostic${urn ? ` for ${urn}` : ""}`);
    return JSON.parse(d.message.slice(d.message.indexOf("\n") + 1)) as Record<string, unknown>;
}

const PROVIDER = {
    urn: "urn:pulumi:dev::proj::pulumi:providers:aws::eu",
    type: "pulumi:providers:aws",
    name: "eu",
    properties: { region: "eu-west-1" },
};

describe("engine: analyzer-client", () => {
    let probe: PolicyPackProcess;
    let minimal: PolicyPackProcess;

    before(async () => {
        [probe, minimal] = await Promise.all([startPolicyPack(PROBE_PACK), startPolicyPack(MINIMAL_PACK)]);
        await probe.session.handshake();
        await probe.session.configureStack({ project: "proj", stack: "dev", dryRun: true });
    });

    after(async () => {
        await Promise.all([probe?.close(), minimal?.close()]);
    });

    it("lists the pack's policies with their levels and config schemas", async () => {
        const info = await probe.session.getAnalyzerInfo();
        assert.equal(info.name, "probe-pack");
        assert.equal(info.version, "1.2.3");
        const config = info.policies.find((p) => p.name === "probe-config");
        assert.equal(config?.enforcementLevel, "advisory");
        assert.deepEqual(config?.configSchema?.required, ["names"]);
        assert.equal(info.policies.find((p) => p.name === "probe-remediate")?.enforcementLevel, "disabled");
    });

    it("sends Analyze the inputs with unknowns kept unknown and secrets unwrapped", async () => {
        await probe.session.configure();
        const r = resource("aws:sesv2/emailIdentity:EmailIdentity", "id", {
            emailIdentity: "example.com",
            configurationSetName: UNKNOWN,
            tags: { secret: { [SECRET_SIG]: SECRET_VALUE_SIG, value: "hush" } },
        });
        const seen = probed(await probe.session.analyze(r), "probe-analyze");
        assert.deepEqual(seen.props, { emailIdentity: "example.com", configurationSetName: "<unknown>", tags: { secret: "hush" } });
    });

    it("attributes Analyze diagnostics to the analyzed resource, as the engine does", async () => {
        await probe.session.configure();
        const r = resource("aws:s3/bucket:Bucket", "b");
        const ds = await probe.session.analyze(r);
        assert.ok(ds.length > 0);
        assert.ok(ds.every((d) => d.urn === r.urn));
    });

    it("sends the provider resource and the parent option with each resource", async () => {
        await probe.session.configure();
        const parent = "urn:pulumi:dev::proj::my:Comp::c";
        const r = resource("aws:s3/bucket:Bucket", "b", {}, { provider: PROVIDER, parent });
        const seen = probed(await probe.session.analyze(r), "probe-analyze");
        assert.equal(seen.parent, parent);
        assert.deepEqual(seen.provider, { urn: PROVIDER.urn, type: PROVIDER.type, name: "eu", props: { region: "eu-west-1" } });
    });

    it("sends AnalyzeStack the outputs, with parents and dependencies the pack resolves to resources", async () => {
        await probe.session.configure();
        const comp = resource("my:Comp", "c", {}, { custom: false });
        const id = resource(
            "aws:sesv2/emailIdentity:EmailIdentity",
            "id",
            { emailIdentity: "example.com" },
            {
                outputs: { emailIdentity: "example.com", dkimSigningAttributes: UNKNOWN },
                parent: comp.urn,
            },
        );
        const rec = resource(
            "aws:route53/record:Record",
            "rec",
            { name: UNKNOWN },
            {
                dependencies: [id.urn, "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::absent"],
                propertyDependencies: { name: [id.urn] },
                provider: PROVIDER,
            },
        );
        const ds = await probe.session.analyzeStack([comp, id, rec]);
        const seenId = probed(ds, "probe-stack", id.urn);
        assert.equal(seenId.parent, comp.urn);
        assert.deepEqual(seenId.props, { emailIdentity: "example.com", dkimSigningAttributes: "<unknown>" });
        const seenRec = probed(ds, "probe-stack", rec.urn);
        assert.deepEqual(seenRec.dependencies, [id.urn], "URNs absent from the request are dropped");
        assert.deepEqual(seenRec.propertyDependencies, { name: [id.urn] });
        assert.deepEqual(seenRec.provider, { urn: PROVIDER.urn, props: { region: "eu-west-1" } });
    });

    it("fills configSchema defaults before Configure", async () => {
        await probe.session.configure();
        assert.deepEqual(probed(await probe.session.analyzeStack([]), "probe-config"), { names: ["a"] });
    });

    it("sends configured properties over the defaults", async () => {
        await probe.session.configure({ "probe-config": { names: ["x", "y"], threshold: 3 } });
        assert.deepEqual(probed(await probe.session.analyzeStack([]), "probe-config"), { names: ["x", "y"], threshold: 3 });
    });

    it('applies an "all" level to every policy, under per-policy levels', async () => {
        await minimal.session.configure({ all: "advisory" });
        const [advisory] = await minimal.session.analyze(resource("aws:s3/bucket:Bucket", "forbidden"));
        assert.equal(advisory?.enforcementLevel, "advisory");
        await minimal.session.configure({ all: "advisory", "minimal-forbidden-name": "mandatory" });
        const [mandatory] = await minimal.session.analyze(resource("aws:s3/bucket:Bucket", "forbidden"));
        assert.equal(mandatory?.enforcementLevel, "mandatory");
    });

    it("disables a policy configured as disabled", async () => {
        await minimal.session.configure({ "minimal-forbidden-name": "disabled" });
        assert.deepEqual(await minimal.session.analyze(resource("aws:s3/bucket:Bucket", "forbidden")), []);
    });

    it("rejects an unknown enforcement level", async () => {
        await assert.rejects(minimal.session.configure({ all: "strict" as never }), (err: unknown) => {
            assert.ok(err instanceof PolicyConfigError);
            assert.match(err.message, /'all': "strict" is not an enforcement level; use one of advisory, mandatory, disabled, remediate/);
            return true;
        });
    });

    it("rejects config that violates a policy's schema, naming the policy and the property", async () => {
        await assert.rejects(probe.session.configure({ "probe-config": { names: "x", threshold: 0 } }), (err: unknown) => {
            assert.ok(err instanceof PolicyConfigError);
            assert.match(err.message, /probe-config: names must be array/);
            assert.match(err.message, /probe-config: threshold must be >= 1/);
            return true;
        });
    });

    it("rejects config for a policy the pack does not have, listing the ones it has", async () => {
        await assert.rejects(
            minimal.session.configure({ "no-such-policy": "mandatory" }),
            /'no-such-policy', which is not a policy of this pack; its policies are: minimal-forbidden-name/,
        );
    });

    it("runs a remediation only at level remediate and returns the remediated inputs", async () => {
        const r: CapturedResource = resource("aws:s3/bucket:Bucket", "b", { bucket: "x" });
        await probe.session.configure();
        assert.deepEqual(await probe.session.remediate(r), []);
        await probe.session.configure({ "probe-remediate": "remediate" });
        const [result] = await probe.session.remediate(r);
        assert.equal(result?.policyName, "probe-remediate");
        assert.deepEqual(result?.properties, { bucket: "x", tags: { remediated: "yes" } });
    });

    it("reports a pack-side failure as an AnalyzerCallError naming the call", async () => {
        const closed = await startPolicyPack(MINIMAL_PACK);
        await closed.close();
        const session = new AnalyzerSession(`127.0.0.1:${closed.port}`);
        try {
            await assert.rejects(
                session.analyze(resource("aws:s3/bucket:Bucket", "b")),
                (err: unknown) => err instanceof AnalyzerCallError && err.method === "analyze",
            );
        } finally {
            session.close();
        }
    });
});
