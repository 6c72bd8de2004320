/* test-protocol.c — the worker protocol parsers: strict, and never crash
 *
 * Besides the lists of good and bad lines, thousands of random and mutated
 * lines from a fixed seed go through both parsers.  Whatever they accept
 * must be canonical: formatting the parsed message gives the line back.
 */

#include "config.h"

#include <string.h>

#include "il-worker-protocol.h"

#define N_RANDOM 20000

/* ------------------------------------------------------------------------ */
/* Canonical form: what the parser accepts, the formatter writes back */

static char *
format_message (const IlWorkerMessage *m)
{
  switch (m->kind)
    {
    case IL_WORKER_MESSAGE_READY: return il_worker_protocol_format_ready (m->pid);
    case IL_WORKER_MESSAGE_EVENT: return il_worker_protocol_format_event (m->task, m->state, m->cpu, m->at_ns);
    case IL_WORKER_MESSAGE_DONE:  return il_worker_protocol_format_done (m->task, m->ok, m->reason);
    case IL_WORKER_MESSAGE_LINK:  return il_worker_protocol_format_link (m->task, m->url);
    case IL_WORKER_MESSAGE_REDIRECT: return il_worker_protocol_format_redirect (m->task, m->url);
    case IL_WORKER_MESSAGE_DROPPED: return il_worker_protocol_format_dropped (m->task, m->n_dropped);
    default: g_assert_not_reached ();
    }
}

static char *
format_command (const IlWorkerCommand *c)
{
  switch (c->kind)
    {
    case IL_WORKER_COMMAND_HELLO: return il_worker_protocol_format_hello (c->per_ms, c->gil, c->interval_ns, c->tracing);
    case IL_WORKER_COMMAND_TASK:  return il_worker_protocol_format_task (c->task, c->phases, c->n_phases);
    case IL_WORKER_COMMAND_QUIT:  return il_worker_protocol_format_quit ();
    case IL_WORKER_COMMAND_CRAWL: return il_worker_protocol_format_crawl (c->timeout_ns, c->max_body, c->max_redirects);
    case IL_WORKER_COMMAND_FOLLOW: return il_worker_protocol_format_follow (c->task, c->follow);
    case IL_WORKER_COMMAND_LOOP:  return il_worker_protocol_format_loop ();
    default: g_assert_not_reached ();
    }
}

/* Parses @len bytes of @line both ways; returns whether the worker-line
 * parser accepted it, and checks what either accepted is canonical. */
static gboolean
feed (const char *line,
      gsize       len,
      gboolean   *command_ok)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) command_error = NULL;
  IlWorkerMessage m;
  IlWorkerCommand c;
  gboolean ok;

  ok = il_worker_protocol_parse_line (line, len, &m, &error);
  if (ok)
    {
      g_autofree char *again = format_message (&m);

      g_assert_no_error (error);
      g_assert_cmpuint (len, <=, IL_WORKER_LINE_MAX);
      if (strlen (again) != len + 1 || memcmp (again, line, len) != 0)
        g_error ("line “%.*s” comes back as “%s”", (int) len, line, again);
      if (m.kind == IL_WORKER_MESSAGE_EVENT)
        {
          g_assert_cmpint (m.cpu, >=, m.state == IL_STATE_RUNNING ? 0 : -1);
          g_assert_cmpint (m.cpu, <=, m.state == IL_STATE_RUNNING ? IL_WORKER_MAX_CPU : -1);
          g_assert_cmpint (m.at_ns, >, 0);
        }
      il_worker_message_clear (&m);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == IL_WORKER_PROTOCOL_ERROR);
      g_assert_null (m.reason);
      g_assert_null (m.url);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  *command_ok = il_worker_protocol_parse_command (line, len, &c, &command_error);
  if (*command_ok)
    {
      g_autofree char *again = format_command (&c);

      if (strlen (again) != len + 1 || memcmp (again, line, len) != 0)
        g_error ("command “%.*s” comes back as “%s”", (int) len, line, again);
      il_worker_command_clear (&c);
    }
  else
    {
      g_assert_nonnull (command_error);
      g_assert_null (c.phases);
    }
  return ok;
}

static gboolean
accepts (const char *line)
{
  gboolean command_ok;

  return feed (line, strlen (line), &command_ok);
}

static gboolean
accepts_command (const char *line)
{
  gboolean command_ok;

  feed (line, strlen (line), &command_ok);
  return command_ok;
}

/* ------------------------------------------------------------------------ */

static void
test_accepts_valid_lines (void)
{
  g_autoptr(GError) error = NULL;
  IlWorkerMessage m;

  g_assert_true (il_worker_protocol_parse_line ("ready 4242", 10, &m, &error));
  g_assert_no_error (error);
  g_assert_cmpint (m.kind, ==, IL_WORKER_MESSAGE_READY);
  g_assert_cmpint (m.pid, ==, 4242);

  g_assert_true (il_worker_protocol_parse_line ("ev 3 running 1 123456789", 24, &m, &error));
  g_assert_cmpint (m.kind, ==, IL_WORKER_MESSAGE_EVENT);
  g_assert_cmpuint (m.task, ==, 3);
  g_assert_cmpint (m.state, ==, IL_STATE_RUNNING);
  g_assert_cmpint (m.cpu, ==, 1);
  g_assert_cmpint (m.at_ns, ==, 123456789);

  g_assert_true (il_worker_protocol_parse_line ("ev 0 io-wait -1 5", 17, &m, &error));
  g_assert_cmpint (m.state, ==, IL_STATE_IO_WAIT);
  g_assert_cmpint (m.cpu, ==, IL_NO_CPU);

  g_assert_true (il_worker_protocol_parse_line ("done 7 ok", 9, &m, &error));
  g_assert_cmpint (m.kind, ==, IL_WORKER_MESSAGE_DONE);
  g_assert_true (m.ok);
  g_assert_null (m.reason);

  g_assert_true (il_worker_protocol_parse_line ("done 7 failed this model cannot fetch pages", 43, &m, &error));
  g_assert_false (m.ok);
  g_assert_cmpstr (m.reason, ==, "this model cannot fetch pages");
  il_worker_message_clear (&m);

  g_assert_true (accepts ("ev 2147483647 preempted -1 9223372036854775807"));
  g_assert_true (accepts ("ev 1 gil-wait -1 1"));
  g_assert_true (accepts ("ev 1 ipc -1 1"));
  g_assert_true (accepts ("ev 1 running 4095 1"));
  g_assert_true (accepts ("ev 1 running 0 1"));
  g_assert_true (accepts ("done 0 failed abgebrochen: “Zeitüberschreitung”"));
  g_assert_true (accepts ("ready 2147483647"));

  g_assert_true (accepts_command ("hello 4 250000 0 0 1"));
  g_assert_true (accepts_command ("hello 4 250000 1 5000000 0"));
  g_assert_true (accepts_command ("task 0"));
  g_assert_true (accepts_command ("task 12 sleep:1000000000 cpu:0 print:0 sleep-random:17"));
  g_assert_true (accepts_command ("quit"));
  g_assert_true (accepts_command ("loop"));
}

/* Pages: the URL in the task line, links and redirects back, the crawl's
 * limits and the answer to a redirect */
static void
test_accepts_crawl_lines (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strnfill (IL_WORKER_MAX_URL - 17, 'a');
  g_autofree char *longest_url = g_strdup_printf ("http://h.example/%s", path);
  g_autofree char *long_link = g_strdup_printf ("link 2147483647 %s", longest_url);
  g_autofree char *long_task = g_strdup_printf ("task 1 http:%s parse:0", longest_url);
  const char task[] = "task 3 http:http://127.0.0.1:8080/p/7.html?q=1&x=%C3%BC parse:0";
  IlWorkerMessage m;
  IlWorkerCommand c;

  g_assert_cmpuint (strlen (longest_url), ==, IL_WORKER_MAX_URL);
  g_assert_true (il_worker_protocol_parse_line ("link 4 https://h.example/a?b=c", 30, &m, &error));
  g_assert_no_error (error);
  g_assert_cmpint (m.kind, ==, IL_WORKER_MESSAGE_LINK);
  g_assert_cmpuint (m.task, ==, 4);
  g_assert_cmpstr (m.url, ==, "https://h.example/a?b=c");
  il_worker_message_clear (&m);
  g_assert_null (m.url);

  /* The links a page left out at the caps, counted */
  g_assert_true (il_worker_protocol_parse_line ("dropped 4 4484", 14, &m, &error));
  g_assert_no_error (error);
  g_assert_cmpint (m.kind, ==, IL_WORKER_MESSAGE_DROPPED);
  g_assert_cmpuint (m.task, ==, 4);
  g_assert_cmpuint (m.n_dropped, ==, 4484);
  il_worker_message_clear (&m);

  g_assert_true (il_worker_protocol_parse_line ("redirect 0 http://h.example/x", 29, &m, &error));
  g_assert_cmpint (m.kind, ==, IL_WORKER_MESSAGE_REDIRECT);
  g_assert_cmpstr (m.url, ==, "http://h.example/x");
  il_worker_message_clear (&m);

  g_assert_true (il_worker_protocol_parse_command (task, strlen (task), &c, &error));
  g_assert_no_error (error);
  g_assert_cmpint (c.kind, ==, IL_WORKER_COMMAND_TASK);
  g_assert_cmpuint (c.n_phases, ==, 2);
  g_assert_cmpint (c.phases[0].kind, ==, IL_PHASE_HTTP);
  g_assert_cmpstr (c.phases[0].url, ==, "http://127.0.0.1:8080/p/7.html?q=1&x=%C3%BC");
  g_assert_cmpint (c.phases[1].kind, ==, IL_PHASE_PARSE);
  il_worker_command_clear (&c);
  g_assert_null (c.phases);

  g_assert_true (il_worker_protocol_parse_command ("crawl 15000000000 5242880 10", 28, &c, &error));
  g_assert_cmpint (c.kind, ==, IL_WORKER_COMMAND_CRAWL);
  g_assert_cmpint (c.timeout_ns, ==, G_GINT64_CONSTANT (15000000000));
  g_assert_cmpuint (c.max_body, ==, 5242880);
  g_assert_cmpuint (c.max_redirects, ==, 10);

  g_assert_true (il_worker_protocol_parse_command ("follow 9 no", 11, &c, &error));
  g_assert_cmpint (c.kind, ==, IL_WORKER_COMMAND_FOLLOW);
  g_assert_cmpuint (c.task, ==, 9);
  g_assert_false (c.follow);

  /* Round trips */
  g_assert_true (accepts ("link 0 http://h.example/"));
  g_assert_true (accepts ("redirect 2147483647 gopher://x.example/y"));
  g_assert_true (accepts (long_link));
  g_assert_true (accepts ("dropped 2147483647 4294967295"));
  g_assert_true (accepts_command (task));
  g_assert_true (accepts_command (long_task));
  g_assert_true (accepts_command ("task 1 http:HTTP://H.example:1/ parse:0 cpu:5 http:a+b.c-d://e"));
  g_assert_true (accepts_command ("crawl 1 1 0"));
  g_assert_true (accepts_command ("crawl 604800000000000 1099511627776 1000"));
  g_assert_true (accepts_command ("follow 0 yes"));
  g_assert_true (accepts_command ("follow 2147483647 no"));

  /* The formatters write what the parser takes, and refuse what it would not */
  {
    IlPhase phases[2] = { { IL_PHASE_HTTP, 0, (char *) "https://h.example/p/1.html" },
                          { IL_PHASE_PARSE, 0, NULL } };
    g_autofree char *line = il_worker_protocol_format_task (5, phases, 2);
    g_autofree char *link = il_worker_protocol_format_link (5, "http://h.example/a b");
    g_autofree char *redirect = il_worker_protocol_format_redirect (5, longest_url);
    g_autofree char *too_long = g_strdup_printf ("%sa", longest_url);
    g_autofree char *no_link = il_worker_protocol_format_link (5, too_long);
    g_autofree char *crawl = il_worker_protocol_format_crawl (0, 0, 5000);

    g_assert_cmpstr (line, ==, "task 5 http:https://h.example/p/1.html parse:0\n");
    g_assert_null (link);
    g_assert_nonnull (redirect);
    g_assert_null (no_link);
    g_assert_cmpstr (crawl, ==, "crawl 1 1 1000\n");
    {
      g_autofree char *dropped = il_worker_protocol_format_dropped (5, 70000);

      g_assert_cmpstr (dropped, ==, "dropped 5 70000\n");
    }
  }
}

static void
test_rejects_malformed_crawl_lines (void)
{
  const char *bad_lines[] = {
    "link", "link 1", "link 1 ", "link x http://h/", "link -1 http://h/", "link 01 http://h/",
    "link 1 http://h/ http://i/", "link 1  http://h/", "link 1 http://h/ ", "link 1 http://h/\t",
    "link 1 http://h/\xc3\xbc", "link 1 h", "link 1 http:", "link 1 http://", "link 1 ://h/",
    "link 1 1http://h/", "link 1 ht_tp://h/", "link 1 http:/h/", "link 1 /relative", "link 1 #frag",
    "link 1 http://h/\x7f", "link 1 http://h/\x01", "link 1 http://h/\"x\"\r",
    "LINK 1 http://h/", "link 2147483648 http://h/", "redirect 1", "redirect 1 h i",
    "redirect 1 mailto:x@h", "redirect x http://h/", "follow 1 yes", "crawl 1 1 1",
    "dropped", "dropped 1", "dropped 1 0", "dropped 1 -1", "dropped 1 01", "dropped 1 4294967296",
    "dropped 1 2 3", "dropped x 2", "dropped 1 x",
  };
  const char *bad_commands[] = {
    "loop 1", "loop ", "crawl", "crawl 1 1", "crawl 1 1 1 1", "crawl 0 1 1", "crawl 1 0 1", "crawl 1 1 1001",
    "crawl 604800000000001 1 1", "crawl 1 1099511627777 1", "crawl -1 1 1", "crawl 01 1 1",
    "follow", "follow 1", "follow 1 maybe", "follow 1 YES", "follow x yes", "follow 1 yes no",
    "follow -1 no", "task 1 http:", "task 1 http:0", "task 1 http:h", "task 1 http:/p",
    "task 1 http:http://", "task 1 http:http://h/ p", "task 1 http:http://h/\xc3\xbc",
    "task 1 http:http://h/\t", "task 1 http://h/", "task 1 parse", "task 1 parse:x",
    "task 1 parse:-1", "task 1 https:https://h/", "link 1 http://h/", "redirect 1 http://h/",
    "task 1 cpu:5 http:1://h/",
  };
  g_autofree char *path = g_strnfill (IL_WORKER_MAX_URL - 16, 'a');
  g_autofree char *url = g_strdup_printf ("http://h.example/%s", path);
  g_autofree char *link = g_strdup_printf ("link 1 %s", url);
  g_autofree char *task = g_strdup_printf ("task 1 http:%s", url);
  g_autoptr(GError) error = NULL;
  IlWorkerMessage m;
  IlWorkerCommand c;

  for (guint i = 0; i < G_N_ELEMENTS (bad_lines); i++)
    if (accepts (bad_lines[i]))
      g_error ("accepted “%s”", bad_lines[i]);
  for (guint i = 0; i < G_N_ELEMENTS (bad_commands); i++)
    if (accepts_command (bad_commands[i]))
      g_error ("accepted the command “%s”", bad_commands[i]);

  /* One byte over the URL limit: too long, in either direction */
  g_assert_cmpuint (strlen (url), ==, IL_WORKER_MAX_URL + 1);
  g_assert_false (il_worker_protocol_valid_url (url, -1));
  g_assert_false (il_worker_protocol_parse_line (link, strlen (link), &m, &error));
  g_assert_error (error, IL_WORKER_PROTOCOL_ERROR, IL_WORKER_PROTOCOL_ERROR_TOO_LONG);
  g_assert_null (m.url);
  g_clear_error (&error);
  g_assert_false (il_worker_protocol_parse_command (task, strlen (task), &c, &error));
  g_assert_error (error, IL_WORKER_PROTOCOL_ERROR, IL_WORKER_PROTOCOL_ERROR_TOO_LONG);
  g_assert_null (c.phases);
  g_clear_error (&error);

  /* A bad phase after good http phases frees what was parsed (valgrind,
   * ASan) and leaves nothing */
  g_assert_false (il_worker_protocol_parse_command ("task 1 http:http://a/ http:http://b/ gpu:1", 42, &c, &error));
  g_assert_null (c.phases);
  g_assert_cmpstr (error->message, ==, "unknown phase “gpu”");
  g_clear_error (&error);

  g_assert_false (il_worker_protocol_parse_line ("link 1 http://h/ a", 18, &m, &error));
  g_assert_cmpstr (error->message, ==, "“link” takes 3 fields, got more");
  g_clear_error (&error);
  g_assert_false (il_worker_protocol_parse_line ("link 1 h.example/p", 18, &m, &error));
  g_assert_cmpstr (error->message, ==, "“h.example/p” is not a URL of the protocol (printable ASCII, SCHEME://…)");
  g_clear_error (&error);
}

static void
test_session_links_and_redirects (void)
{
  g_autoptr(GError) error = NULL;
  IlWorkerSession s;
  IlWorkerMessage ready = { IL_WORKER_MESSAGE_READY, .pid = 100 };
  IlWorkerMessage link = { IL_WORKER_MESSAGE_LINK, .task = 5, .url = (char *) "http://h/" };
  IlWorkerMessage other = { IL_WORKER_MESSAGE_LINK, .task = 6, .url = (char *) "http://h/" };
  IlWorkerMessage redirect = { IL_WORKER_MESSAGE_REDIRECT, .task = 5, .url = (char *) "http://h/r" };
  IlWorkerMessage done = { IL_WORKER_MESSAGE_DONE, .task = 5, .ok = TRUE };
  IlWorkerMessage dropped = { IL_WORKER_MESSAGE_DROPPED, .task = 5, .n_dropped = 3 };
  IlWorkerMessage dropped_other = { IL_WORKER_MESSAGE_DROPPED, .task = 6, .n_dropped = 3 };

  il_worker_session_init (&s, 100);
  g_assert_false (il_worker_session_accept (&s, &link, 5000, &error));    /* before ready */
  g_clear_error (&error);
  g_assert_true (il_worker_session_accept (&s, &ready, 5000, &error));
  g_assert_false (il_worker_session_accept (&s, &link, 5000, &error));    /* no task */
  g_clear_error (&error);

  il_worker_session_start_task (&s, 5, 1000);
  g_assert_false (il_worker_session_accept (&s, &other, 5000, &error));
  g_assert_cmpstr (error->message, ==, "a message about task 6, which it was not given");
  g_clear_error (&error);
  /* Redirects only when the parent sent a crawl line */
  g_assert_false (il_worker_session_accept (&s, &redirect, 5000, &error));
  g_assert_cmpstr (error->message, ==, "“redirect” without a crawl line");
  g_clear_error (&error);
  s.crawl = TRUE;
  g_assert_true (il_worker_session_accept (&s, &redirect, 5000, &error));

  /* At most IL_WORKER_MAX_LINKS a task */
  for (guint i = 0; i < IL_WORKER_MAX_LINKS; i++)
    g_assert_true (il_worker_session_accept (&s, &link, 5000, NULL));
  g_assert_false (il_worker_session_accept (&s, &link, 5000, &error));
  g_assert_error (error, IL_WORKER_PROTOCOL_ERROR, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED);
  g_clear_error (&error);
  /* The count of dropped links: once, for its own task */
  g_assert_false (il_worker_session_accept (&s, &dropped_other, 5000, &error));
  g_clear_error (&error);
  g_assert_true (il_worker_session_accept (&s, &dropped, 5000, &error));
  g_assert_false (il_worker_session_accept (&s, &dropped, 5000, &error));
  g_assert_error (error, IL_WORKER_PROTOCOL_ERROR, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED);
  g_clear_error (&error);
  g_assert_true (il_worker_session_accept (&s, &done, 5000, &error));
  g_assert_false (il_worker_session_accept (&s, &link, 5000, &error));    /* after its result */
  g_clear_error (&error);

  /* The count starts again with the next task */
  il_worker_session_start_task (&s, 5, 2000);
  g_assert_true (il_worker_session_accept (&s, &link, 5000, &error));
  g_assert_cmpuint (s.n_links, ==, 1);
  g_assert_true (il_worker_session_accept (&s, &dropped, 5000, &error));
}

/* After a loop line: many tasks at once, each checked on its own */
static void
test_session_loop_many_tasks (void)
{
  g_autoptr(GError) error = NULL;
  IlWorkerSession s;
  IlWorkerMessage ready = { IL_WORKER_MESSAGE_READY, .pid = 100 };
  IlWorkerMessage ev5 = { IL_WORKER_MESSAGE_EVENT, .task = 5, .state = IL_STATE_IO_WAIT, .cpu = IL_NO_CPU, .at_ns = 3000 };
  IlWorkerMessage ev6_early = { IL_WORKER_MESSAGE_EVENT, .task = 6, .state = IL_STATE_READY, .cpu = IL_NO_CPU, .at_ns = 1500 };
  IlWorkerMessage ev6 = { IL_WORKER_MESSAGE_EVENT, .task = 6, .state = IL_STATE_READY, .cpu = IL_NO_CPU, .at_ns = 2500 };
  IlWorkerMessage link6 = { IL_WORKER_MESSAGE_LINK, .task = 6, .url = (char *) "http://h/" };
  IlWorkerMessage done5 = { IL_WORKER_MESSAGE_DONE, .task = 5, .ok = TRUE };
  IlWorkerMessage link5 = { IL_WORKER_MESSAGE_LINK, .task = 5, .url = (char *) "http://h/" };

  /* Without a loop line, "ready" is not a state a worker reports */
  il_worker_session_init (&s, 100);
  g_assert_true (il_worker_session_accept (&s, &ready, 1000, &error));
  il_worker_session_start_task (&s, 6, 1000);
  g_assert_false (il_worker_session_accept (&s, &ev6, 5000, &error));
  g_assert_cmpstr (error->message, ==, "“ready” state without a loop line");
  g_clear_error (&error);
  il_worker_session_clear (&s);

  il_worker_session_init (&s, 100);
  il_worker_session_set_loop (&s);
  g_assert_true (il_worker_session_accept (&s, &ready, 1000, &error));
  il_worker_session_start_task (&s, 5, 1000);
  il_worker_session_start_task (&s, 6, 2000);
  g_assert_cmpuint (il_worker_session_n_tasks (&s), ==, 2);
  g_assert_true (il_worker_session_accept (&s, &ev5, 5000, &error));
  /* Task 6 was sent at 2000: its times are its own */
  g_assert_false (il_worker_session_accept (&s, &ev6_early, 5000, &error));
  g_assert_cmpstr (error->message, ==, "time went backwards by 500 ns");
  g_clear_error (&error);
  g_assert_true (il_worker_session_accept (&s, &ev6, 5000, &error));
  g_assert_true (il_worker_session_accept (&s, &link6, 5000, &error));
  g_assert_true (il_worker_session_accept (&s, &done5, 5000, &error));
  g_assert_cmpuint (il_worker_session_n_tasks (&s), ==, 1);
  /* Nothing more of a task that is done; its neighbour goes on */
  g_assert_false (il_worker_session_accept (&s, &link5, 5000, &error));
  g_assert_cmpstr (error->message, ==, "a message about task 5, which it was not given");
  g_clear_error (&error);
  g_assert_true (il_worker_session_accept (&s, &link6, 5000, &error));
  il_worker_session_clear (&s);
}

static void
test_rejects_invalid_lines (void)
{
  const char *bad[] = {
    "ready", "ready 0", "ready -1", "ready 12 13", "ready 012", "ready +12", " ready 12",
    "ready 12 ", "ready  12", "READY 12", "ready 2147483648", "ready 1x",
    "ev 1 running 0", "ev 1 running -1 100", "ev 1 io-wait 3 100", "ev 1 queued -1 100",
    "ev 1 spawning -1 100", "ev 1 done -1 100", "ev 1 failed -1 100", "ev 1 ready 0 100",
    "ev 1 running 4096 100", "ev 2147483648 running 0 100", "ev 1 running 0 0",
    "ev 1 running 0 9223372036854775808", "ev 1 running 0 99999999999999999999999",
    "ev 1 running 0 -5", "ev 1 running 00 5", "ev -1 running 0 5", "ev 1 running 0 5 6",
    "ev 1 Running 0 5", "ev 1 running 0x1 5", "ev 1 running 1.0 5",
    "done 1", "done 1 ok extra", "done 1 failed", "done 1 failed ", "done 1 maybe",
    "done x ok", "done  1 ok", "done 1 ok ", "done 2147483648 ok", "done -1 ok",
    "ev 1 running 0 1\r", "ev\t1 running 0 1", "ev 1 running 0 1\n", "done 1 failed a\x01b",
    "hello 1 2 0 0 1", "task 1 sleep:5", "quit", "bye", "ev", "done", "x", " ", "  ",
    "done 1 failed \xff\xfe", "ev 1 running 0 1\x7f",
  };
  g_autofree char *longest = g_strnfill (IL_WORKER_LINE_MAX, 'x');
  g_autofree char *too_long = NULL;
  g_autoptr(GError) error = NULL;
  IlWorkerMessage m;
  const char with_nul[] = "ev 1 running 0 1\0 2";

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (accepts (bad[i]))
      g_error ("accepted “%s”", bad[i]);

  g_assert_false (il_worker_protocol_parse_line ("", 0, &m, &error));
  g_assert_error (error, IL_WORKER_PROTOCOL_ERROR, IL_WORKER_PROTOCOL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (il_worker_protocol_parse_line (with_nul, sizeof with_nul - 1, &m, &error));
  g_assert_error (error, IL_WORKER_PROTOCOL_ERROR, IL_WORKER_PROTOCOL_ERROR_INVALID);
  g_clear_error (&error);

  /* The limit: 4096 bytes is a line (not a valid one), 4097 too long. */
  g_assert_false (il_worker_protocol_parse_line (longest, IL_WORKER_LINE_MAX, &m, &error));
  g_assert_error (error, IL_WORKER_PROTOCOL_ERROR, IL_WORKER_PROTOCOL_ERROR_INVALID);
  g_clear_error (&error);
  too_long = g_strdup_printf ("done 1 failed %s", longest);
  g_assert_false (il_worker_protocol_parse_line (too_long, strlen (too_long), &m, &error));
  g_assert_error (error, IL_WORKER_PROTOCOL_ERROR, IL_WORKER_PROTOCOL_ERROR_TOO_LONG);
  g_assert_cmpstr (error->message, ==, "line longer than 4096 bytes");
  g_clear_error (&error);

  g_assert_false (il_worker_protocol_parse_line ("hello world", 11, &m, &error));
  g_assert_cmpstr (error->message, ==, "unknown verb “hello”");
  g_clear_error (&error);

  /* Commands */
  {
    const char *bad_commands[] = {
      "hello 1 250000 0 0 1", "hello 3 250000 0 0 1", "hello 5 250000 0 0 1", "hello 4 0 0 0 1", "hello 4 250000 1 0 1", "hello 4 250000 2 0 1",
      "hello 4 250000 0 0", "hello 4 250000 0 0 1 1", "hello 4 250000 0 0 3", "hello 4 250000 9 0 1", "task", "task x", "task 1 ", "task 1  cpu:5",
      "task 1 cpu", "task 1 cpu:", "task 1 cpu:-5", "task 1 gpu:5", "task 1 cpu:5:5",
      "task 1 cpu:604800000000001", "task 1 http:0", "task 1 parse:00", "quit now", "ready 12", "ev 1 running 0 1",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad_commands); i++)
      if (accepts_command (bad_commands[i]))
        g_error ("accepted the command “%s”", bad_commands[i]);
  }
}

static void
test_session_order (void)
{
  g_autoptr(GError) error = NULL;
  IlWorkerSession s;
  IlWorkerMessage ready = { IL_WORKER_MESSAGE_READY, .pid = 100 };
  IlWorkerMessage wrong_pid = { IL_WORKER_MESSAGE_READY, .pid = 101 };
  IlWorkerMessage ev = { IL_WORKER_MESSAGE_EVENT, .task = 5, .state = IL_STATE_RUNNING, .cpu = 0, .at_ns = 2000 };
  IlWorkerMessage other = { IL_WORKER_MESSAGE_EVENT, .task = 6, .state = IL_STATE_RUNNING, .cpu = 0, .at_ns = 2000 };
  IlWorkerMessage early = { IL_WORKER_MESSAGE_EVENT, .task = 5, .state = IL_STATE_IO_WAIT, .cpu = -1, .at_ns = 1999 };
  IlWorkerMessage future = { IL_WORKER_MESSAGE_EVENT, .task = 5, .state = IL_STATE_IO_WAIT, .cpu = -1, .at_ns = 9000 };
  IlWorkerMessage done = { IL_WORKER_MESSAGE_DONE, .task = 5, .ok = TRUE };

  il_worker_session_init (&s, 100);
  g_assert_false (il_worker_session_accept (&s, &ev, 5000, &error));
  g_assert_error (error, IL_WORKER_PROTOCOL_ERROR, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED);
  g_clear_error (&error);
  g_assert_false (il_worker_session_accept (&s, &wrong_pid, 5000, &error));
  g_clear_error (&error);
  g_assert_true (il_worker_session_accept (&s, &ready, 5000, &error));
  g_assert_false (il_worker_session_accept (&s, &ready, 5000, &error));
  g_clear_error (&error);

  /* Nothing about a task it was not given. */
  g_assert_false (il_worker_session_accept (&s, &ev, 5000, &error));
  g_clear_error (&error);
  il_worker_session_start_task (&s, 5, 1500);
  g_assert_false (il_worker_session_accept (&s, &other, 5000, &error));
  g_clear_error (&error);
  g_assert_true (il_worker_session_accept (&s, &ev, 5000, &error));
  g_assert_true (il_worker_session_accept (&s, &ev, 5000, &error));     /* same time: fine */
  g_assert_false (il_worker_session_accept (&s, &early, 5000, &error));
  g_assert_cmpstr (error->message, ==, "time went backwards by 1 ns");
  g_clear_error (&error);
  g_assert_false (il_worker_session_accept (&s, &future, 5000, &error));
  g_clear_error (&error);
  g_assert_true (il_worker_session_accept (&s, &done, 5000, &error));
  g_assert_false (il_worker_session_accept (&s, &ev, 5000, &error));    /* after its result */
  g_clear_error (&error);
  g_assert_false (il_worker_session_accept (&s, &done, 5000, &error));
  g_clear_error (&error);

  /* An event before the task was sent is backwards too. */
  il_worker_session_start_task (&s, 5, 2500);
  g_assert_false (il_worker_session_accept (&s, &ev, 5000, &error));
  g_clear_error (&error);
}

/* ------------------------------------------------------------------------ */
/* Random and mutated lines */

static const char * const seeds[] = {
  "ready 4242", "ev 3 running 1 123456789", "ev 0 io-wait -1 5", "ev 9 preempted -1 77",
  "ev 9 gil-wait -1 78", "ev 9 ipc -1 79", "done 7 ok", "done 7 failed cancelled",
  "done 1 failed worker said “no”", "hello 2 250000 1 5000000 1",
  "task 4 sleep:1000 cpu:5000000 print:0 sleep-random:12", "quit",
  "task 7 http:http://127.0.0.1:4000/p/3.html?q=%20 parse:0", "link 7 https://h.example/a/b?c=d",
  "redirect 7 http://h.example/r", "crawl 15000000000 5242880 10", "follow 7 yes", "follow 7 no",
};

static const char * const words[] = {
  "ready", "ev", "done", "ok", "failed", "running", "io-wait", "preempted", "gil-wait", "ipc",
  "queued", "done", "-1", "0", "1", "4095", "4096", "2147483647", "2147483648",
  "9223372036854775807", "9223372036854775808", "18446744073709551616", "hello", "task",
  "quit", "cpu:1", "sleep:0", "http:5", "", " ", "\t", "\r", "\xff", "é", "“",
  "link", "redirect", "crawl", "follow", "yes", "no", "parse:0", "http:http://h/",
  "http://h.example/", "https://", "a://b", "%20",
};

static void
random_line (GRand   *rand,
             GString *line)
{
  g_string_truncate (line, 0);
  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      /* Bytes, mostly printable. */
      {
        guint n = g_rand_int_range (rand, 0, g_rand_boolean (rand) ? 40 : IL_WORKER_LINE_MAX + 100);

        for (guint i = 0; i < n; i++)
          g_string_append_c (line, g_rand_int_range (rand, 0, 10) ? g_rand_int_range (rand, 0x20, 0x7f)
                                                                 : g_rand_int_range (rand, 0, 256));
      }
      break;

    case 1:
      /* Words of the protocol in random order. */
      {
        guint n = g_rand_int_range (rand, 1, 8);

        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (line, ' ');
            g_string_append (line, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
          }
      }
      break;

    default:
      /* A good line, mutated a few times. */
      {
        guint n = g_rand_int_range (rand, 1, 4);

        g_string_append (line, seeds[g_rand_int_range (rand, 0, G_N_ELEMENTS (seeds))]);
        for (guint i = 0; i < n && line->len > 0; i++)
          {
            guint at = g_rand_int_range (rand, 0, line->len);

            switch (g_rand_int_range (rand, 0, 6))
              {
              case 0: line->str[at] ^= 1 << g_rand_int_range (rand, 0, 8); break;
              case 1: g_string_erase (line, at, 1); break;
              case 2: g_string_insert_c (line, at, g_rand_int_range (rand, 0, 256)); break;
              case 3: g_string_insert (line, at, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]); break;
              case 4: g_string_truncate (line, at); break;
              default: g_string_insert_c (line, at, '0' + g_rand_int_range (rand, 0, 10)); break;
              }
          }
      }
      break;
    }
}

static void
test_survives_garbage (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240603);
  g_autoptr(GString) line = g_string_new (NULL);
  guint accepted = 0, rejected = 0, commands = 0;

  for (guint i = 0; i < N_RANDOM; i++)
    {
      gboolean command_ok;

      random_line (rand, line);
      if (feed (line->str, line->len, &command_ok))
        accepted++;
      else
        rejected++;
      commands += command_ok;
    }
  g_test_message ("%u accepted, %u rejected, %u commands accepted", accepted, rejected, commands);
  /* Mutations sometimes leave a good line good: both kinds were seen. */
  g_assert_cmpuint (accepted, >, 0);
  g_assert_cmpuint (rejected, >, N_RANDOM / 2);
}

/* Every well-formed line is accepted, whatever its numbers. */
static void
test_accepts_every_valid_line (void)
{
  const IlState states[] = { IL_STATE_RUNNING, IL_STATE_PREEMPTED, IL_STATE_IO_WAIT,
                             IL_STATE_GIL_WAIT, IL_STATE_IPC };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < N_RANDOM; i++)
    {
      guint task = g_rand_int_range (rand, 0, g_rand_boolean (rand) ? 100 : G_MAXINT32);
      IlState state = states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))];
      gint cpu = g_rand_int_range (rand, 0, IL_WORKER_MAX_CPU + 1);
      gint64 at = ((gint64) g_rand_int (rand) << 30) + g_rand_int (rand) + 1;
      g_autofree char *ev = il_worker_protocol_format_event (task, state, cpu, at);
      g_autofree char *done = il_worker_protocol_format_done (task, g_rand_boolean (rand), "reason with  spaces");
      g_autofree char *ready = il_worker_protocol_format_ready (g_rand_int_range (rand, 1, G_MAXINT32));
      IlPhase phases[3] = { { IL_PHASE_CPU, g_rand_int (rand), NULL },
                            { IL_PHASE_SLEEP, g_rand_int (rand), NULL },
                            { IL_PHASE_PRINT, 0, NULL } };
      g_autofree char *task_line = il_worker_protocol_format_task (task, phases, g_rand_int_range (rand, 0, 4));
      g_autofree char *hello = il_worker_protocol_format_hello (g_rand_int_range (rand, 1, G_MAXINT32),
                                                                g_rand_boolean (rand),
                                                                g_rand_int_range (rand, 1, G_MAXINT32),
                                                                g_rand_boolean (rand));
      gboolean command_ok;

      g_assert_true (feed (ev, strlen (ev) - 1, &command_ok));
      g_assert_true (feed (done, strlen (done) - 1, &command_ok));
      g_assert_true (feed (ready, strlen (ready) - 1, &command_ok));
      feed (task_line, strlen (task_line) - 1, &command_ok);
      g_assert_true (command_ok);
      feed (hello, strlen (hello) - 1, &command_ok);
      g_assert_true (command_ok);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/protocol/accepts-valid-lines", test_accepts_valid_lines);
  g_test_add_func ("/engine/protocol/rejects-invalid-lines", test_rejects_invalid_lines);
  g_test_add_func ("/engine/protocol/checks-the-order", test_session_order);
  g_test_add_func ("/engine/protocol/crawl/accepts-valid-lines", test_accepts_crawl_lines);
  g_test_add_func ("/engine/protocol/crawl/rejects-malformed-and-oversize", test_rejects_malformed_crawl_lines);
  g_test_add_func ("/engine/protocol/crawl/checks-links-and-redirects", test_session_links_and_redirects);
  g_test_add_func ("/engine/protocol/loop/checks-each-task-on-its-own", test_session_loop_many_tasks);
  g_test_add_func ("/engine/protocol/survives-garbage", test_survives_garbage);
  g_test_add_func ("/engine/protocol/accepts-every-valid-line", test_accepts_every_valid_line);

  return g_test_run ();
}
