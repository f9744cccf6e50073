import protobuf from 'protobufjs';

/**
 * The part of OTLP's trace protocol (opentelemetry-proto: collector/trace/v1/trace_service.proto,
 * trace/v1/trace.proto, common/v1/common.proto, resource/v1/resource.proto) a test reads, with the official
 * field numbers. Fields left out (events, status, dropped counts, ...) are skipped when decoding.
 */
const OTLP_TRACE_PROTO = `
syntax = "proto3";
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message Resource { repeated KeyValue attributes = 1; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message InstrumentationScope { string name = 1; string version = 2; }
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  repeated Link links = 13;
}
message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
`;

const request = protobuf.parse(OTLP_TRACE_PROTO, { keepCase: false }).root.lookupType('ExportTraceServiceRequest');

const hex = (base64: unknown): string => (typeof base64 === 'string' ? Buffer.from(base64, 'base64').toString('hex') : '');

/** Ids arrive as bytes on the wire and as hex in OTLP/JSON: rewrites them as the JSON encoding has them. */
function idsAsHex(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(idsAsHex);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === 'traceId' || k === 'spanId' || k === 'parentSpanId' ? hex(v) : idsAsHex(v)]),
  );
}

/**
 * Decodes an OTLP/HTTP protobuf export request (`application/x-protobuf`) into the shape of its JSON encoding:
 * camelCase fields, hex ids, 64-bit integers as decimal strings.
 */
export function decodeOtlpTraces(body: Buffer): unknown {
  const decoded = request.toObject(request.decode(body), { longs: String, bytes: String, defaults: false, oneofs: false });
  return idsAsHex(decoded);
}
