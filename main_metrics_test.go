package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestMetricsBehindToken(t *testing.T) {
	const token = "prometheus-scrape-token-0123"
	base := startApp(t, map[string]string{"METRICS_TOKEN": token, "ADMIN_EMAIL": "root@example.com", "ADMIN_PASSWORD": "admin-password"})
	if code, _ := get(t, base+"/metrics", ""); code != http.StatusUnauthorized {
		t.Fatalf("/metrics without a token: %d", code)
	}
	if code, _ := get(t, base+"/metrics", "wrong-token-wrong-token"); code != http.StatusUnauthorized {
		t.Fatalf("/metrics with a wrong token: %d", code)
	}
	// One LLM call through the builtin provider, so the usage metrics move.
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(`{"email":"root@example.com","password":"admin-password"}`))
	if err != nil {
		t.Fatal(err)
	}
	var login struct{ Token string }
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if i := strings.Index(string(b), `"token":"`); i >= 0 {
		login.Token = strings.SplitN(string(b)[i+9:], `"`, 2)[0]
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/job-extractor/extract",
		bytes.NewReader([]byte(`{"text":"Senior Go Engineer at Acme GmbH in Berlin. We build payment systems in Go and PostgreSQL. You will design APIs, mentor engineers and run services in production. Requirements: 5 years of Go, SQL, Kubernetes."}`)))
	req.Header.Set("Authorization", "Bearer "+login.Token)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	var body string
	deadline := time.Now().Add(5 * time.Second)
	for {
		var code int
		code, body = get(t, base+"/metrics", token)
		if code != 200 {
			t.Fatalf("/metrics with METRICS_TOKEN: %d", code)
		}
		if strings.Contains(body, `tailor_llm_calls_total{model="builtin",provider="builtin",status=`) || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, want := range []string{
		`tailor_llm_calls_total{model="builtin",provider="builtin",status=`,
		`tailor_llm_latency_seconds_bucket{model="builtin",provider="builtin",task="extraction",le="0.05"}`,
		`tailor_http_requests_total{code="200",method="GET",route="/healthz"}`,
		`tailor_http_requests_total{code="401",method="GET",route="/metrics"} 2`,
		"go_goroutines", "process_resident_memory_bytes",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
			for _, l := range strings.Split(body, "\n") {
				if strings.HasPrefix(l, "tailor_llm_calls") || strings.HasPrefix(l, "tailor_http_requests") {
					t.Log(l)
				}
			}
		}
	}
	// An admin's own API token works too; a user's does not.
	if code, _ := get(t, base+"/metrics", login.Token); code != 200 {
		t.Fatalf("/metrics with an admin token: %d", code)
	}
	resp, err = http.Post(base+"/api/v1/auth/register", "application/json", strings.NewReader(`{"email":"user@example.com","password":"a user password","name":"U"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = http.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(`{"email":"user@example.com","password":"a user password"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	userTok := ""
	if i := strings.Index(string(b), `"token":"`); i >= 0 {
		userTok = strings.SplitN(string(b)[i+9:], `"`, 2)[0]
	}
	if code, _ := get(t, base+"/metrics", userTok); userTok == "" || code != http.StatusForbidden {
		t.Fatalf("/metrics with a user's token: %d (token %t)", code, userTok != "")
	}
}

func TestMetricsOnTheirOwnAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	base := startApp(t, map[string]string{"METRICS_ADDR": addr})
	if _, b := get(t, base+"/metrics", ""); strings.Contains(b, "go_goroutines") {
		t.Fatal("/metrics is on the app too with METRICS_ADDR set")
	}
	code, body := get(t, "http://"+addr+"/metrics", "")
	if code != 200 || !strings.Contains(body, "go_goroutines") {
		t.Fatalf("METRICS_ADDR /metrics: %d", code)
	}
	if _, err := loadMetricsSettings(func(k string) string { return map[string]string{"METRICS_TOKEN": "short"}[k] }); err == nil {
		t.Fatal("a short METRICS_TOKEN was accepted")
	}
}
