# hookbase in a container: a static binary (CGO off, pure-Go SQLite) on a
# small base, run as a non-root user, data in the /pb_data volume.
#
#   docker build --build-arg VERSION=1.2.3 -t hookbase .
#   docker run -p 8090:8090 -v hookbase_data:/pb_data hookbase
#
# Hooks, migrations and static files go in /pb_hooks, /pb_migrations and
# /pb_public (mount them or COPY them in a derived image).

FROM golang:1.26-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/hookbase/hookbase/cli.Version=${VERSION}" \
      -o /out/hookbase ./cmd/hookbase

FROM alpine:3.22
# CA roots for SMTP/S3/OAuth2/ACME over TLS; wget (busybox) for the health check
RUN apk add --no-cache ca-certificates tzdata \
 && adduser -D -H -u 10001 hookbase \
 && mkdir -p /pb_data /pb_hooks /pb_migrations /pb_public \
 && chown hookbase:hookbase /pb_data
COPY --from=build /out/hookbase /usr/local/bin/hookbase
USER hookbase
VOLUME /pb_data
EXPOSE 8090
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:8090/api/health || exit 1
ENTRYPOINT ["/usr/local/bin/hookbase"]
CMD ["serve", "--http=0.0.0.0:8090", "--dir=/pb_data", "--hooksDir=/pb_hooks", "--migrationsDir=/pb_migrations", "--publicDir=/pb_public"]
