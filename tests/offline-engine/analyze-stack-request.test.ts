import * as assert from "node:assert/strict";
import { analyzeStackRequest, analyzeStackRequestBytes } from "../../offline-engine/analyzer-client";
import { analyzerProto } from "../../offline-engine/proto";
import { SECRET_SIG, SECRET_VALUE_SIG, UNKNOWN } from "../../state/wire";
import type { CapturedResource } from "../../state/captured-resource";
import { resource } from "./fixtures";

const PROVIDER = {
    urn: "urn:pulumi:dev::proj::pulumi:providers:aws::eu",
    type: "pulumi:providers:aws",
    name: "eu",
    properties: { region: "eu-west-1", token: { [SECRET_SIG]: SECRET_VALUE_SIG, value: "provider-secret" } },
};

/** A small stack with what a request can carry: secrets (decrypted and not), unknowns, nesting, links, a provider. */
function smallStack(): CapturedResource[] {
    const stack = resource("pulumi:pulumi:Stack", "proj-dev", {}, { custom: false });
    const comp = resource("ses-guard:index:VerifiedDomain", "d", { domain: "example.com" }, { custom: false, parent: stack.urn });
    const identity = resource(
        "aws:sesv2/emailIdentity:EmailIdentity",
        "id",
        { emailIdentity: "example.com" },
        {
            parent: comp.urn,
            provider: PROVIDER,
            outputs: {
                emailIdentity: "example.com",
                dkimSigningAttributes: { tokens: [UNKNOWN, "t2", { nested: [1, 2.5, true, null, { deeper: "x" }] }], nextSigningKeyLength: UNKNOWN },
                tags: { owner: { [SECRET_SIG]: SECRET_VALUE_SIG, value: "ops@example.com" } },
                apiKey: { [SECRET_SIG]: SECRET_VALUE_SIG, value: "[secret]" },
                unset: undefined,
            },
        },
    );
    const record = resource(
        "aws:route53/record:Record",
        "rec",
        {},
        {
            dependencies: [identity.urn, "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::absent"],
            propertyDependencies: { records: [identity.urn], name: [comp.urn, identity.urn] },
            outputs: {
                name: "abc._domainkey.example.com",
                // Long enough that its own length and the resource's need two- and three-byte varints.
                records: ["v=DKIM1; p=" + "A".repeat(20_000)],
                ttl: 1800,
            },
        },
    );
    return [stack, comp, identity, record];
}

describe("engine: AnalyzeStack request, encoded one resource at a time", () => {
    it("is byte for byte google-protobuf's serializeBinary of the whole request (secrets, unknowns, nesting, links)", () => {
        const resources = smallStack();
        const streamed = analyzeStackRequestBytes(resources);
        const whole = Buffer.from(analyzeStackRequest(resources).serializeBinary());
        assert.ok(whole.length > 20_000);
        assert.ok(streamed.equals(whole), `streamed ${streamed.length} bytes differ from serializeBinary's ${whole.length}`);
    });

    it("is byte for byte google-protobuf's for a single resource and for none", () => {
        for (const resources of [[], smallStack().slice(2, 3)]) {
            assert.ok(analyzeStackRequestBytes(resources).equals(Buffer.from(analyzeStackRequest(resources).serializeBinary())));
        }
        assert.equal(analyzeStackRequestBytes([]).length, 0);
    });

    it("decodes to the resources in the order given, with their outputs", () => {
        const resources = smallStack();
        const decoded = analyzerProto().pb.AnalyzeStackRequest.deserializeBinary(analyzeStackRequestBytes(resources)).getResourcesList();
        assert.deepEqual(
            decoded.map((r) => r.getUrn()),
            resources.map((r) => r.urn),
        );
        const identity = decoded[2]?.getProperties()?.toJavaScript();
        assert.deepEqual(identity?.tags, { owner: { [SECRET_SIG]: SECRET_VALUE_SIG, value: "ops@example.com" } });
        assert.equal((identity?.dkimSigningAttributes as { nextSigningKeyLength: unknown }).nextSigningKeyLength, UNKNOWN);
        assert.equal(decoded[3]?.getPropertydependenciesMap().get("name")?.getUrnsList().length, 2);
    });
});
