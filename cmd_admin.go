package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"shelf/api/auth"
	"shelf/store"
)

// runAdmin is shelf admin create: it creates an admin account, or resets
// its password, with the password read from in.
func runAdmin(args []string, in io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("usage: shelf admin create -username NAME [-db FILE] (the password is read from standard input)")
	}
	fs := newFlags("admin create", stderr)
	db := fs.String("db", "shelf.db", "database file")
	username := fs.String("username", "admin", "the admin's username")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "password for %s (at least %d characters): ", *username, auth.MinPasswordLen)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return fmt.Errorf("read the password from standard input: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	st, err := openStore(*db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := auth.SetAdminPassword(st, *username, password); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "admin %s saved\n", *username)
	return nil
}
