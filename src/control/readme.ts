/** The text of tracefs's `README`: a mini-HOWTO, as the kernel ships one. */
export const README = `tracing mini-HOWTO (fentry):

# tracefs.read(file), tracefs.write(file, text) (like >), tracefs.append(file, text) (like >>)

 Important files:
  trace\t\t\t- The static contents of the buffer
\t\t\t  To clear the buffer write into this file: write('trace', '')
  trace_pipe\t\t- A consuming read to see the contents of the buffer
  current_tracer\t- function and latency tracers
  available_tracers\t- list of configured tracers for current_tracer
  tracing_on\t\t- Write 0 to stop recording into the buffers, 1 to start again
  buffer_size_kb\t- View and modify the size of this thread's buffer (per_cpu/cpuN/buffer_size_kb)
  trace_clock\t\t- Change the clock used to order events (default mono: hrtime, the cheapest here)
  trace_marker\t\t- Writes into this file write into the kernel buffer
  trace_options\t\t- Set format or modify how tracing happens
\t\t\t  Disable an option by prefixing 'no' to the option name
  instances\t\t- mkdir('instances/foo') makes a new trace buffer with its own tracer and filters
  available_filter_functions - list of functions that can be filtered on
  enabled_functions\t- list of functions that are attached to, with counts and flags
  touched_functions\t- list of functions that were ever attached to
  set_ftrace_filter\t- echo function name in here to only trace these functions
\t\t\t  accepts: func_full_name or glob-matching-pattern
\t\t\t  modules: Can select a group via module
\t\t\t   Format: :mod:<module-name>
\t\t\t  triggers: a command to perform when function is hit
\t\t\t    Format: <function>:<trigger>[:count]
\t\t\t   trigger: traceon, traceoff, stacktrace
\t\t\t  To remove trigger without count: '!<function>:<trigger>'
\t\t\t  To remove trigger with a count: '!<function>:<trigger>:0'
  set_ftrace_notrace\t- echo function name in here to never trace.
  set_ftrace_pid\t- Write thread ids (0 is the main thread) to only trace those threads
  set_graph_function\t- Trace the nested calls of a function (function_graph)
  set_graph_notrace\t- Do not trace the nested calls of a function (function_graph)
  max_graph_depth\t- Trace a limited depth of nested calls (0 is unlimited)
  function_profile_enabled - Write 1 to profile the functions of set_ftrace_filter (zeroes the counters)
\t\t\t  Results per thread in trace_stat/function<cpu>; options graph-time, sleep-time
  stack_trace\t\t- Shows the max stack trace when active
  stack_max_size\t- Shows current max stack size that was traced, in frames
\t\t\t  Write into this file to reset the max size (trigger a
\t\t\t  new trace)
  stack_trace_filter\t- Like set_ftrace_filter but limits what stack_trace
\t\t\t  traces
  stack_tracer_enabled\t- Write 1 to run the stack tracer (kernel.stack_tracer_enabled)
`;
