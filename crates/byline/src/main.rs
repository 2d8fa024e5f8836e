// The allocator: a server's requests make and drop many small values on
// two threads at once, which mimalloc serves with less work than the C
// library's (bench/README.md, "Posting on PostgreSQL").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    byline::cli::run()
}
