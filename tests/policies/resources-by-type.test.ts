import * as assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import { ResourcesByType } from "../../policies/stack/resources-by-type";

/** A resource as @pulumi/policy hands it, with only what the grouping reads. */
function resource(type: string, name: string): PolicyResource {
    return { type, name, urn: `urn:pulumi:dev::p::${type}::${name}`, props: {} } as unknown as PolicyResource;
}

describe("policies: stack/resources-by-type", () => {
    const records = [resource("aws:route53/record:Record", "c"), resource("aws:route53/record:Record", "a")];
    const zone = resource("aws:route53/zone:Zone", "b");
    const other = resource("aws:s3/bucket:Bucket", "a");
    const grouped = new ResourcesByType([records[0], other, zone, records[1]], ["aws:route53/record:Record", "aws:route53/zone:Zone"]);

    it("keeps each wanted type's resources in the request's order and passes over the others", () => {
        assert.deepEqual(grouped.of("aws:route53/record:Record"), records);
        assert.deepEqual(grouped.of("aws:s3/bucket:Bucket"), []);
        assert.equal(
            grouped.some((r) => r === other),
            false,
        );
    });

    it("hands several types' resources together in URN order", () => {
        assert.deepEqual(
            grouped.sorted(["aws:route53/zone:Zone", "aws:route53/record:Record"]).map((r) => r.urn),
            [records[1].urn, records[0].urn, zone.urn],
        );
    });
});
