/* The one place the DLL's MAPI GUIDs are defined (mapiguid.h); every other
 * file only declares them. */
#define INITGUID
#include <windows.h>
#include <mapiguid.h>
