#!/usr/bin/env bash
# Creates a CA and a serving certificate for the ratify Service, stores them in the Secret
# ratify-tls, and writes ../provider.generated.yaml with the CA as the Providers' caBundle.
# Rotation: rerun it; the provider reloads the mounted files without a restart.
set -euo pipefail
cd "$(dirname "$0")"
NS=${NS:-gatekeeper-system}
SVC=${SVC:-ratify}
DAYS=${DAYS:-365}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "$DAYS" \
  -subj "/CN=ratify-ca" -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -subj "/CN=$SVC.$NS" -keyout "$work/tls.key" -out "$work/tls.csr" 2>/dev/null
printf 'subjectAltName=DNS:%s,DNS:%s.%s,DNS:%s.%s.svc,DNS:%s.%s.svc.cluster.local\nextendedKeyUsage=serverAuth\n' \
  "$SVC" "$SVC" "$NS" "$SVC" "$NS" "$SVC" "$NS" > "$work/ext.cnf"
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
  -days "$DAYS" -extfile "$work/ext.cnf" -out "$work/tls.crt" 2>/dev/null

kubectl -n "$NS" create secret tls ratify-tls --cert="$work/tls.crt" --key="$work/tls.key" \
  --dry-run=client -o yaml | kubectl apply -f -
sed "s|CA_BUNDLE|$(base64 -w0 < "$work/ca.crt")|" ../provider.yaml > ../provider.generated.yaml
echo "wrote ../provider.generated.yaml; apply it with: kubectl apply -f ../provider.generated.yaml"
