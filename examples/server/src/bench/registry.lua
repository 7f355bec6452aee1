-- wrk script: the raw registry request a verification starts with (GET the subject manifest).
wrk.method = "GET"
wrk.headers["Accept"] = "application/vnd.oci.image.manifest.v1+json"
