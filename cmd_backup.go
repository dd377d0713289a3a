package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"shelf/store"
)

// runBackup is shelf backup: a consistent copy of the database, from the
// file of a stopped server or over HTTP from a running one.
func runBackup(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	db := fs.String("db", "shelf.db", "database file (the server must be stopped; otherwise use -url)")
	out := fs.String("o", "", "output file (required)")
	url := fs.String("url", "", "take the backup from a running shelf at this address, e.g. http://localhost:8080")
	key := fs.String("key", "", "a secret API key for -url")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("backup needs -o FILE")
	}
	if *url != "" {
		return backupFromServer(*url, *key, *out, stdout)
	}
	st, err := openStore(*db, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.BackupFile(*out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of %s written to %s\n", *db, *out)
	return nil
}

// backupFromServer downloads GET /api/admin/backup into a temporary file
// and renames it into place only when it is complete.
func backupFromServer(base, key, out string, stdout io.Writer) error {
	req, err := http.NewRequest(http.MethodGet, strings.TrimRight(base, "/")+"/api/admin/backup", nil)
	if err != nil {
		return err
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("backup: %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	tmp := out + ".partial"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, resp.Body)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of %s (%d bytes) written to %s\n", base, n, out)
	return nil
}
