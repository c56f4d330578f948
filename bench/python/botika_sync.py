"""botika's sync `Client`, one send after another."""

from botika_api import client_for, import_botika
from common import TO, emit, parse_args, sequential

args = parse_args()
botika = import_botika()
client = client_for(botika.Client, args)
emit(sequential(lambda: client.messages.send_text(TO, "Halo!").id, args.n))
