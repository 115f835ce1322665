package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// rotateLua makes wrk send the requests of a file in turn, one line per
// request ("cookie<TAB>path"), each thread from its own offset, and print
// one machine-readable line at the end. The bare handler runs through the
// same script, so both sides pay the same client cost.
const rotateLua = `
local reqs, n, i = {}, 0, 0
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
function init(args)
  for line in io.lines(args[1]) do
    local cookie, path = line:match("^([^\t]*)\t(.+)$")
    local h = {}
    if cookie ~= "" then h["Cookie"] = cookie end
    n = n + 1
    reqs[n] = wrk.format("GET", path, h)
  end
  i = math.floor(offset * n / 2) % n
end
function request()
  i = i % n + 1
  return reqs[i]
end
function done(s, latency, requests)
  io.write(string.format("BENCH requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d status_errors=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    s.requests, s.duration, s.bytes, latency:percentile(50), latency:percentile(99),
    s.errors.status, s.errors.connect, s.errors.read, s.errors.write, s.errors.timeout))
end
`

// target is one line of a request file: who asks for what.
type target struct {
	Cookie string
	Path   string
}

// wrkResult is what one wrk run measured.
type wrkResult struct {
	Requests  int64
	Duration  time.Duration
	Bytes     int64
	P50, P99  time.Duration
	Errors    int64 // non-2xx/3xx statuses
	NetErrors int64 // connect, read, write errors and timeouts
	// ServerCPU is the CPU time the server used during the run.
	ServerCPU time.Duration
}

// CPUPerRequest is the server's CPU time per request.
func (r wrkResult) CPUPerRequest() time.Duration {
	if r.Requests == 0 {
		return 0
	}
	return r.ServerCPU / time.Duration(r.Requests)
}

func (r wrkResult) RPS() float64 { return float64(r.Requests) / r.Duration.Seconds() }

// wrkRunner runs wrk against one server with fixed threads and connections.
type wrkRunner struct {
	cpu      func() (time.Duration, error) // the server's CPU time so far
	dir      string
	base     string
	threads  int
	conns    int
	duration time.Duration
	script   string
	files    int
}

func newWrkRunner(dir, base string, cpu func() (time.Duration, error), threads, conns int, d time.Duration) (*wrkRunner, error) {
	if _, err := exec.LookPath("wrk"); err != nil {
		return nil, fmt.Errorf("wrk is not installed (make bench installs it with apt-get): %w", err)
	}
	script := filepath.Join(dir, "rotate.lua")
	if err := os.WriteFile(script, []byte(rotateLua), 0o644); err != nil {
		return nil, err
	}
	return &wrkRunner{cpu: cpu, dir: dir, base: base, threads: threads, conns: conns, duration: d, script: script}, nil
}

// run sends the targets in rotation for d and returns the measurement.
func (w *wrkRunner) run(targets []target, d time.Duration) (wrkResult, error) {
	w.files++
	file := filepath.Join(w.dir, fmt.Sprintf("targets-%d.txt", w.files))
	var buf bytes.Buffer
	for _, t := range targets {
		fmt.Fprintf(&buf, "%s\t%s\n", t.Cookie, t.Path)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		return wrkResult{}, err
	}
	cmd := exec.Command("wrk",
		"-t", strconv.Itoa(w.threads), "-c", strconv.Itoa(w.conns),
		"-d", fmt.Sprintf("%ds", int(d.Round(time.Second).Seconds())),
		"--timeout", "10s", "-s", w.script, w.base, "--", file)
	before, err := w.cpu()
	if err != nil {
		return wrkResult{}, err
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %w\n%s", err, out)
	}
	after, err := w.cpu()
	if err != nil {
		return wrkResult{}, err
	}
	r, err := parseWrk(out)
	r.ServerCPU = after - before
	return r, err
}

func parseWrk(out []byte) (wrkResult, error) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "BENCH ")
		if !ok {
			continue
		}
		v := map[string]int64{}
		for _, f := range strings.Fields(line) {
			k, val, _ := strings.Cut(f, "=")
			n, err := strconv.ParseInt(val, 10, 64)
			if err != nil {
				return wrkResult{}, fmt.Errorf("wrk: bad field %q", f)
			}
			v[k] = n
		}
		return wrkResult{
			Requests:  v["requests"],
			Duration:  time.Duration(v["duration_us"]) * time.Microsecond,
			Bytes:     v["bytes"],
			P50:       time.Duration(v["p50_us"]) * time.Microsecond,
			P99:       time.Duration(v["p99_us"]) * time.Microsecond,
			Errors:    v["status_errors"],
			NetErrors: v["connect_errors"] + v["read_errors"] + v["write_errors"] + v["timeouts"],
		}, nil
	}
	return wrkResult{}, fmt.Errorf("wrk printed no result:\n%s", out)
}

func wrkVersion() string {
	out, _ := exec.Command("wrk", "-v").CombinedOutput()
	first, _, _ := strings.Cut(string(out), "\n")
	f := strings.Fields(first)
	if len(f) >= 2 {
		return f[0] + " " + f[1]
	}
	return "wrk"
}

// combine sums rounds: requests and bytes over the total time; the median
// round's p50 and the worst round's p99.
func combine(rs []wrkResult) wrkResult {
	var out wrkResult
	p50s := make([]time.Duration, 0, len(rs))
	for _, r := range rs {
		out.Requests += r.Requests
		out.Duration += r.Duration
		out.Bytes += r.Bytes
		out.Errors += r.Errors
		out.ServerCPU += r.ServerCPU
		out.NetErrors += r.NetErrors
		out.P99 = max(out.P99, r.P99)
		p50s = append(p50s, r.P50)
	}
	slices.Sort(p50s)
	if len(p50s) > 0 {
		out.P50 = p50s[len(p50s)/2]
	}
	return out
}
